-- The Notification Center (issue 14): items written once for their audience, resolved when read.
CREATE TABLE "notification_completions" (
	"item_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"completed_by_user_id" uuid,
	"via" text NOT NULL,
	CONSTRAINT "notification_completions_item_id_organization_id_pk" PRIMARY KEY("item_id","organization_id"),
	CONSTRAINT "notification_completions_via_check" CHECK ("notification_completions"."via" in ('manual', 'task'))
);
--> statement-breakpoint
CREATE TABLE "notification_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"category" text NOT NULL,
	"workspace" text NOT NULL,
	"title_fr" text NOT NULL,
	"title_en" text NOT NULL,
	"body_fr" text NOT NULL,
	"body_en" text NOT NULL,
	"link" text NOT NULL,
	"due_at" timestamp with time zone,
	"source" text NOT NULL,
	"source_event_id" bigint,
	"published_by_organization_id" uuid,
	"published_by_user_id" uuid,
	"roles" text[],
	"audience_kinds" text[],
	"audience_under" uuid,
	"publish_at" timestamp with time zone NOT NULL,
	"announced_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"reach_organizations" integer,
	"reach_users" integer,
	"completes_on" text,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_items_type_check" CHECK ("notification_items"."type" in ('action', 'notification')),
	CONSTRAINT "notification_items_category_check" CHECK (("notification_items"."type" = 'action' and "notification_items"."category" in ('mandatory', 'recommended') and "notification_items"."due_at" is not null)
        or ("notification_items"."type" = 'notification' and "notification_items"."category" in ('transactional', 'promotional') and "notification_items"."due_at" is null)),
	CONSTRAINT "notification_items_source_check" CHECK ("notification_items"."source" in ('vendor', 'system')),
	CONSTRAINT "notification_items_link_check" CHECK ("notification_items"."link" ~ '^/[^/\\]'  or "notification_items"."link" = '/')
);
--> statement-breakpoint
CREATE TABLE "notification_read_marks" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"read_before" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_states" (
	"user_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"read_at" timestamp with time zone,
	"unread" boolean DEFAULT false NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "notification_states_user_id_item_id_pk" PRIMARY KEY("user_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "notification_targets" (
	"organization_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	CONSTRAINT "notification_targets_organization_id_item_id_pk" PRIMARY KEY("organization_id","item_id")
);
--> statement-breakpoint
ALTER TABLE "notification_completions" ADD CONSTRAINT "notification_completions_item_id_notification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."notification_items"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_completions" ADD CONSTRAINT "notification_completions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_completions" ADD CONSTRAINT "notification_completions_completed_by_user_id_users_id_fk" FOREIGN KEY ("completed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_items" ADD CONSTRAINT "notification_items_published_by_organization_id_organizations_id_fk" FOREIGN KEY ("published_by_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_items" ADD CONSTRAINT "notification_items_published_by_user_id_users_id_fk" FOREIGN KEY ("published_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_items" ADD CONSTRAINT "notification_items_audience_under_organizations_id_fk" FOREIGN KEY ("audience_under") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_read_marks" ADD CONSTRAINT "notification_read_marks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_states" ADD CONSTRAINT "notification_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_states" ADD CONSTRAINT "notification_states_item_id_notification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."notification_items"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_targets" ADD CONSTRAINT "notification_targets_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "notification_targets" ADD CONSTRAINT "notification_targets_item_id_notification_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."notification_items"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "notification_items_dedupe_key" ON "notification_items" USING btree ("dedupe_key");
--> statement-breakpoint
CREATE INDEX "notification_items_broadcast_idx" ON "notification_items" USING btree ("publish_at") WHERE "notification_items"."audience_kinds" is not null or "notification_items"."audience_under" is not null;
--> statement-breakpoint
CREATE INDEX "notification_items_completes_idx" ON "notification_items" USING btree ("completes_on") WHERE "notification_items"."completes_on" is not null;
--> statement-breakpoint
CREATE INDEX "notification_items_publisher_idx" ON "notification_items" USING btree ("published_by_organization_id","created_at");
--> statement-breakpoint
CREATE INDEX "notification_items_unannounced_idx" ON "notification_items" USING btree ("publish_at") WHERE "notification_items"."announced_at" is null;
--> statement-breakpoint
CREATE INDEX "notification_states_item_idx" ON "notification_states" USING btree ("item_id");
--> statement-breakpoint
CREATE INDEX "notification_targets_item_idx" ON "notification_targets" USING btree ("item_id");
--> statement-breakpoint
-- Whether the actor's organisation is in a distributor's channel (the distributor sees it): a broadcast's audience.
-- organization_access shows a viewer only its own rows, so the policy and the reads ask through this one question.
CREATE FUNCTION relais_in_channel_of(distributor uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM organization_access a
                  WHERE a.viewer_id = distributor AND a.organization_id = relais_actor_org()
                    AND a.ends_at > relais_now())
$$;
--> statement-breakpoint
-- The organisations whose channel the actor's organisation is in (those that see it, itself included), as a set:
-- `audience_under IN (SELECT relais_channels_of_actor())` is computed once per statement, not once per broadcast.
CREATE FUNCTION relais_channels_of_actor() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.viewer_id FROM organization_access a
   WHERE a.organization_id = relais_actor_org() AND a.ends_at > relais_now()
$$;
--> statement-breakpoint
-- How many organisations and users a publication's audience reaches now (the vendor's preview and its list): users
-- are visible to their own organisation only. A user is reached by holding one of `delivered` (Admin among them).
-- One static statement per kind of audience, so that each is planned for what it is (a broadcast to every partner
-- counts 20,000 organisations and their users in tens of milliseconds; one statement with every case OR-ed together
-- was planned generically and took ten times as long).
CREATE FUNCTION relais_publication_reach(kinds text[], under uuid, targets uuid[], delivered text[])
RETURNS TABLE (organizations bigint, users bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF coalesce(current_setting('relais.actor_kind', true), '') <> 'vendor' THEN
    RETURN QUERY SELECT 0::bigint, 0::bigint;
  ELSIF under IS NOT NULL THEN
    -- A distributor's channel: what it sees (its own row included), of the given kinds.
    RETURN QUERY
      WITH reached AS (
        SELECT a.organization_id AS id FROM organization_access a
         WHERE a.viewer_id = under AND a.ends_at > relais_now()
           AND (kinds IS NULL OR a.organization_kind = ANY(kinds))
      )
      SELECT (SELECT count(*) FROM reached),
             (SELECT count(*) FROM users u JOIN reached r ON r.id = u.organization_id
               WHERE u.status = 'active' AND u.roles && delivered);
  ELSIF kinds IS NOT NULL THEN
    RETURN QUERY
      SELECT (SELECT count(*) FROM organizations o WHERE o.kind = ANY(kinds)),
             (SELECT count(*) FROM users u JOIN organizations o ON o.id = u.organization_id
               WHERE o.kind = ANY(kinds) AND u.status = 'active' AND u.roles && delivered);
  ELSE
    RETURN QUERY
      SELECT (SELECT count(*) FROM organizations o WHERE o.id = ANY(targets)),
             (SELECT count(*) FROM users u
               WHERE u.organization_id = ANY(targets) AND u.status = 'active' AND u.roles && delivered);
  END IF;
END
$$;
--> statement-breakpoint
ALTER TABLE notification_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The vendor's people publish and manage their own publications.
CREATE POLICY notification_items_publisher ON notification_items FOR ALL TO relais_app
  USING (published_by_organization_id = relais_actor_org())
  WITH CHECK (published_by_organization_id = relais_actor_org() AND relais_actor_is_vendor());
--> statement-breakpoint
-- An item is read by the organisations it reaches once published: those it targets one by one, and a broadcast's
-- kinds and channel. Which of their users receive it (the roles) is the repository's filter.
CREATE POLICY notification_items_recipient ON notification_items FOR SELECT TO relais_app
  USING (publish_at <= relais_now() AND withdrawn_at IS NULL AND (
    ((audience_kinds IS NOT NULL OR audience_under IS NOT NULL)
     AND (audience_kinds IS NULL OR coalesce(current_setting('relais.actor_kind', true), '') = ANY(audience_kinds))
     AND (audience_under IS NULL OR audience_under = relais_actor_org()
          OR audience_under IN (SELECT relais_channels_of_actor())))
    OR EXISTS (SELECT 1 FROM notification_targets t
                WHERE t.item_id = notification_items.id AND t.organization_id = relais_actor_org())));
--> statement-breakpoint
ALTER TABLE notification_targets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notification_targets_own ON notification_targets FOR SELECT TO relais_app
  USING (organization_id = relais_actor_org());
--> statement-breakpoint
-- Only the vendor publishes to a list of organisations (it sees every one).
CREATE POLICY notification_targets_vendor ON notification_targets FOR ALL TO relais_app
  USING (relais_actor_is_vendor())
  WITH CHECK (relais_actor_is_vendor());
--> statement-breakpoint
ALTER TABLE notification_completions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notification_completions_own ON notification_completions FOR ALL TO relais_app
  USING (organization_id = relais_actor_org())
  WITH CHECK (organization_id = relais_actor_org());
--> statement-breakpoint
ALTER TABLE notification_read_marks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notification_read_marks_own ON notification_read_marks FOR ALL TO relais_app
  USING (user_id = relais_actor_user())
  WITH CHECK (user_id = relais_actor_user());
--> statement-breakpoint
ALTER TABLE notification_states ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notification_states_own ON notification_states FOR ALL TO relais_app
  USING (user_id = relais_actor_user())
  WITH CHECK (user_id = relais_actor_user());
--> statement-breakpoint
-- A publication's figures for its publisher: how many people read it, how many organisations completed it. The
-- policies above show a person their own states and an organisation its own completions only, so that they are index
-- conditions of every read (an OR with the publisher's case would make them a filter over other people's rows).
CREATE FUNCTION relais_publication_figures(item uuid) RETURNS TABLE (reads bigint, completions bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT (SELECT count(*) FROM notification_states s WHERE s.item_id = item AND s.read_at IS NOT NULL),
         (SELECT count(*) FROM notification_completions c WHERE c.item_id = item)
   WHERE EXISTS (SELECT 1 FROM notification_items i
                  WHERE i.id = item AND i.published_by_organization_id = relais_actor_org())
$$;
--> statement-breakpoint
-- Whether an item targets the actor's organisation, whatever its publication state: the live stream tells those it
-- reaches of its publication and of its withdrawal (platform/events/hub.ts), which the policy above no longer shows.
CREATE FUNCTION relais_notification_reaches(item uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM notification_items i
     WHERE i.id = item
       AND (EXISTS (SELECT 1 FROM notification_targets t WHERE t.item_id = i.id AND t.organization_id = relais_actor_org())
            OR ((i.audience_kinds IS NOT NULL OR i.audience_under IS NOT NULL)
                AND (i.audience_kinds IS NULL
                     OR coalesce(current_setting('relais.actor_kind', true), '') = ANY(i.audience_kinds))
                AND (i.audience_under IS NULL OR i.audience_under = relais_actor_org()
                     OR relais_in_channel_of(i.audience_under)))))
$$;
