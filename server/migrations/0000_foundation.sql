CREATE TABLE "delegated_admin_relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"duration_days" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"terminated_at" timestamp with time zone,
	CONSTRAINT "delegated_admin_relationships_status_check" CHECK ("delegated_admin_relationships"."status" in ('pending', 'active', 'declined', 'terminated')),
	CONSTRAINT "delegated_admin_relationships_duration_check" CHECK ("delegated_admin_relationships"."duration_days" between 1 and 730),
	CONSTRAINT "delegated_admin_relationships_active_dates_check" CHECK ("delegated_admin_relationships"."status" <> 'active' or ("delegated_admin_relationships"."starts_at" is not null and "delegated_admin_relationships"."ends_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"primary_domain" text NOT NULL,
	"verified_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"address_line1" text DEFAULT '' NOT NULL,
	"address_line2" text,
	"city" text DEFAULT '' NOT NULL,
	"postal_code" text DEFAULT '' NOT NULL,
	"region" text,
	"country" text NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"directory_tenant_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_kind_check" CHECK ("organizations"."kind" in ('vendor', 'distributor', 'partner', 'customer')),
	CONSTRAINT "organizations_language_check" CHECK ("organizations"."language" in ('fr', 'en')),
	CONSTRAINT "organizations_country_check" CHECK ("organizations"."country" ~ '^[A-Z]{2}$')
);
--> statement-breakpoint
CREATE TABLE "reseller_relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"distributor_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"terminated_at" timestamp with time zone,
	CONSTRAINT "reseller_relationships_status_check" CHECK ("reseller_relationships"."status" in ('pending', 'active', 'terminated')),
	CONSTRAINT "reseller_relationships_requested_by_check" CHECK ("reseller_relationships"."requested_by" in ('distributor', 'partner'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text,
	"status" text DEFAULT 'active' NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_status_check" CHECK ("users"."status" in ('active', 'pending', 'disabled')),
	CONSTRAINT "users_language_check" CHECK ("users"."language" is null or "users"."language" in ('fr', 'en'))
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"actor_user_id" uuid,
	"actor_organization_id" uuid,
	"organization_id" uuid NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"target_label" text,
	"changes" jsonb,
	"request_id" text
);
--> statement-breakpoint
ALTER TABLE "delegated_admin_relationships" ADD CONSTRAINT "delegated_admin_relationships_provider_id_organizations_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "delegated_admin_relationships" ADD CONSTRAINT "delegated_admin_relationships_customer_id_organizations_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_relationships" ADD CONSTRAINT "reseller_relationships_distributor_id_organizations_id_fk" FOREIGN KEY ("distributor_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reseller_relationships" ADD CONSTRAINT "reseller_relationships_partner_id_organizations_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "delegated_admin_relationships_provider_idx" ON "delegated_admin_relationships" USING btree ("provider_id","status","ends_at");--> statement-breakpoint
CREATE INDEX "delegated_admin_relationships_customer_idx" ON "delegated_admin_relationships" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_primary_domain_key" ON "organizations" USING btree (lower("primary_domain"));--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_directory_tenant_id_key" ON "organizations" USING btree ("directory_tenant_id");--> statement-breakpoint
CREATE INDEX "organizations_kind_name_idx" ON "organizations" USING btree ("kind","name","id");--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_single_vendor_key" ON "organizations" USING btree ("kind") WHERE "organizations"."kind" = 'vendor';--> statement-breakpoint
CREATE UNIQUE INDEX "reseller_relationships_open_key" ON "reseller_relationships" USING btree ("distributor_id","partner_id") WHERE "reseller_relationships"."status" <> 'terminated';--> statement-breakpoint
CREATE INDEX "reseller_relationships_partner_idx" ON "reseller_relationships" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_organization_idx" ON "users" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id") WHERE "api_tokens"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "events_organization_idx" ON "events" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "events_actor_organization_idx" ON "events" USING btree ("actor_organization_id","id");