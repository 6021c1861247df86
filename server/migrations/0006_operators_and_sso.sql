CREATE TABLE "operator_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"invited_by_user_id" uuid,
	"language" text NOT NULL,
	"token_hash" text NOT NULL,
	"send_count" integer DEFAULT 1 NOT NULL,
	"last_sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operator_invitations_user_id_unique" UNIQUE("user_id"),
	CONSTRAINT "operator_invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "identity_providers" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"issuer" text,
	"client_id" text,
	"client_secret" text,
	"required" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_providers_kind_check" CHECK ("identity_providers"."kind" in ('entra', 'oidc')),
	CONSTRAINT "identity_providers_oidc_check" CHECK ("identity_providers"."kind" = 'entra' or ("identity_providers"."issuer" is not null and "identity_providers"."client_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "sso_requests" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"code_verifier" text NOT NULL,
	"nonce" text NOT NULL,
	"invitation_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sso_issuer" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sso_subject" text;--> statement-breakpoint
ALTER TABLE "operator_invitations" ADD CONSTRAINT "operator_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_invitations" ADD CONSTRAINT "operator_invitations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "operator_invitations" ADD CONSTRAINT "operator_invitations_invited_by_user_id_users_id_fk" FOREIGN KEY ("invited_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_providers" ADD CONSTRAINT "identity_providers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_requests" ADD CONSTRAINT "sso_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_requests" ADD CONSTRAINT "sso_requests_invitation_id_operator_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."operator_invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operator_invitations_organization_idx" ON "operator_invitations" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_sso_identity_key" ON "users" USING btree ("sso_issuer","sso_subject");--> statement-breakpoint
-- Row-level security: an organisation's invitations and single sign-on settings belong to it alone. Authorization
-- requests in flight are read only before anyone is signed in (system transactions): no policy, so relais_app sees none.
ALTER TABLE operator_invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY operator_invitations_own ON operator_invitations TO relais_app
  USING (organization_id = relais_actor_org()) WITH CHECK (organization_id = relais_actor_org());
--> statement-breakpoint
ALTER TABLE identity_providers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY identity_providers_own ON identity_providers TO relais_app
  USING (organization_id = relais_actor_org()) WITH CHECK (organization_id = relais_actor_org());
--> statement-breakpoint
ALTER TABLE sso_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- E-mail addresses are unique across the portal (sign-in is by e-mail), but row-level security shows an Admin only
-- its own organisation's users. Adding an operator must know whether the address is taken elsewhere: this answers
-- who holds it (id, organisation, status) for one exact address, nothing more; the service compares the organisation
-- with the actor's and never shows it.
CREATE FUNCTION relais_email_holder(address text) RETURNS TABLE (id uuid, organization_id uuid, status text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.organization_id, u.status FROM users u WHERE lower(u.email) = lower(address)
$$;
--> statement-breakpoint
-- Removing an operator ends their access at once and for good: their sessions are deleted and their API tokens
-- revoked, so that inviting the same address again later cannot revive them. Row-level security keeps sessions and
-- tokens to their owner; this function acts only on a user of the calling actor's own organisation.
CREATE FUNCTION relais_end_access(target uuid) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DELETE FROM sessions s
   WHERE s.user_id = target
     AND EXISTS (SELECT 1 FROM users u WHERE u.id = target AND u.organization_id = relais_actor_org());
  UPDATE api_tokens t SET revoked_at = relais_now()
   WHERE t.user_id = target AND t.revoked_at IS NULL
     AND EXISTS (SELECT 1 FROM users u WHERE u.id = target AND u.organization_id = relais_actor_org());
$$;
