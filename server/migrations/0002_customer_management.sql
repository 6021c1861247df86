CREATE TABLE "products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"admin_centers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skus" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"commerce_type" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "skus_commerce_type_check" CHECK ("skus"."commerce_type" in ('legacy', 'new_commerce'))
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"sku_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"term_months" integer NOT NULL,
	"commitment_ends_at" timestamp with time zone NOT NULL,
	"auto_renew" boolean DEFAULT true NOT NULL,
	"billing_provider_id" uuid NOT NULL,
	"reseller_id" uuid,
	"expiry_notice_for" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_status_check" CHECK ("subscriptions"."status" in ('active', 'suspended', 'expired', 'cancelled')),
	CONSTRAINT "subscriptions_quantity_check" CHECK ("subscriptions"."quantity" between 1 and 1000000),
	CONSTRAINT "subscriptions_term_check" CHECK ("subscriptions"."term_months" in (1, 12, 36)),
	CONSTRAINT "subscriptions_dates_check" CHECK ("subscriptions"."commitment_ends_at" > "subscriptions"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "incident_customers" (
	"incident_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	CONSTRAINT "incident_customers_incident_id_customer_id_pk" PRIMARY KEY("incident_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "incident_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"incident_id" uuid NOT NULL,
	"status" text NOT NULL,
	"message" text NOT NULL,
	"author_user_id" uuid,
	"posted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"product_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'investigating' NOT NULL,
	"severity" text NOT NULL,
	"scope" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_reference_unique" UNIQUE("reference"),
	CONSTRAINT "incidents_kind_check" CHECK ("incidents"."kind" in ('incident', 'advisory')),
	CONSTRAINT "incidents_status_check" CHECK ("incidents"."status" in ('investigating', 'mitigating', 'monitoring', 'resolved')),
	CONSTRAINT "incidents_severity_check" CHECK ("incidents"."severity" in ('high', 'medium', 'low')),
	CONSTRAINT "incidents_scope_check" CHECK ("incidents"."scope" in ('product', 'customers'))
);
--> statement-breakpoint
CREATE TABLE "service_request_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_request_id" uuid NOT NULL,
	"body" text NOT NULL,
	"author_user_id" uuid,
	"author_name" text NOT NULL,
	"author_organization_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"customer_id" uuid NOT NULL,
	"product_id" uuid,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"contact_name" text NOT NULL,
	"contact_email" text NOT NULL,
	"contact_phone" text,
	"created_by_user_id" uuid,
	"created_by_organization_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "service_requests_number_unique" UNIQUE("number"),
	CONSTRAINT "service_requests_severity_check" CHECK ("service_requests"."severity" in ('critical', 'moderate', 'minimal')),
	CONSTRAINT "service_requests_status_check" CHECK ("service_requests"."status" in ('open', 'attention_needed', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "organization_access" (
	"viewer_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"organization_kind" text NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	CONSTRAINT "organization_access_viewer_id_organization_id_pk" PRIMARY KEY("viewer_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "organization_summaries" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"primary_domain" text NOT NULL,
	"search_key" text NOT NULL,
	"health" text DEFAULT 'healthy' NOT NULL,
	"health_rank" smallint DEFAULT 0 NOT NULL,
	"open_service_requests" integer DEFAULT 0 NOT NULL,
	"licences" integer DEFAULT 0 NOT NULL,
	"customer_count" integer DEFAULT 0 NOT NULL,
	"next_expiry" timestamp with time zone DEFAULT 'infinity' NOT NULL,
	"skus" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"sender_organization_id" uuid NOT NULL,
	"sender_user_id" uuid,
	"organization_name" text NOT NULL,
	"recipient_email" text NOT NULL,
	"language" text NOT NULL,
	"skus" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"token_hash" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"send_count" integer DEFAULT 1 NOT NULL,
	"last_sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone,
	"used_organization_id" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activation_links_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "activation_links_kind_check" CHECK ("activation_links"."kind" in ('customer', 'partner')),
	CONSTRAINT "activation_links_status_check" CHECK ("activation_links"."status" in ('pending', 'used', 'revoked'))
);
--> statement-breakpoint
CREATE TABLE "mail_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid,
	"recipient" text NOT NULL,
	"language" text NOT NULL,
	"template" text NOT NULL,
	"subject" text NOT NULL,
	"text" text NOT NULL,
	"html" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"last_error" text
);
--> statement-breakpoint
DROP INDEX "delegated_admin_relationships_customer_idx";--> statement-breakpoint
ALTER TABLE "delegated_admin_relationships" ADD COLUMN "expiring_notice_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "delegated_admin_relationships" ADD COLUMN "expired_notice_for" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "skus" ADD CONSTRAINT "skus_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_customer_id_organizations_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_sku_id_skus_id_fk" FOREIGN KEY ("sku_id") REFERENCES "public"."skus"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_billing_provider_id_organizations_id_fk" FOREIGN KEY ("billing_provider_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_reseller_id_organizations_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_customers" ADD CONSTRAINT "incident_customers_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_customers" ADD CONSTRAINT "incident_customers_customer_id_organizations_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_updates" ADD CONSTRAINT "incident_updates_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request_notes" ADD CONSTRAINT "service_request_notes_service_request_id_service_requests_id_fk" FOREIGN KEY ("service_request_id") REFERENCES "public"."service_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_request_notes" ADD CONSTRAINT "service_request_notes_author_organization_id_organizations_id_fk" FOREIGN KEY ("author_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_customer_id_organizations_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_requests" ADD CONSTRAINT "service_requests_created_by_organization_id_organizations_id_fk" FOREIGN KEY ("created_by_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_access" ADD CONSTRAINT "organization_access_viewer_id_organizations_id_fk" FOREIGN KEY ("viewer_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_access" ADD CONSTRAINT "organization_access_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_summaries" ADD CONSTRAINT "organization_summaries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_links" ADD CONSTRAINT "activation_links_sender_organization_id_organizations_id_fk" FOREIGN KEY ("sender_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_links" ADD CONSTRAINT "activation_links_used_organization_id_organizations_id_fk" FOREIGN KEY ("used_organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "products_name_key" ON "products" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "skus_code_key" ON "skus" USING btree (upper("code"));--> statement-breakpoint
CREATE INDEX "skus_product_idx" ON "skus" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "subscriptions_customer_idx" ON "subscriptions" USING btree ("customer_id","status");--> statement-breakpoint
CREATE INDEX "subscriptions_sku_idx" ON "subscriptions" USING btree ("sku_id");--> statement-breakpoint
CREATE INDEX "subscriptions_billing_provider_idx" ON "subscriptions" USING btree ("billing_provider_id");--> statement-breakpoint
CREATE INDEX "subscriptions_reseller_idx" ON "subscriptions" USING btree ("reseller_id");--> statement-breakpoint
CREATE INDEX "subscriptions_active_end_idx" ON "subscriptions" USING btree ("commitment_ends_at") WHERE "subscriptions"."status" = 'active';--> statement-breakpoint
CREATE INDEX "incident_customers_customer_idx" ON "incident_customers" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "incident_updates_incident_idx" ON "incident_updates" USING btree ("incident_id","posted_at");--> statement-breakpoint
CREATE INDEX "incidents_open_idx" ON "incidents" USING btree ("product_id") WHERE "incidents"."status" <> 'resolved';--> statement-breakpoint
CREATE INDEX "service_request_notes_request_idx" ON "service_request_notes" USING btree ("service_request_id","created_at");--> statement-breakpoint
CREATE INDEX "service_requests_customer_idx" ON "service_requests" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "organization_access_count_idx" ON "organization_access" USING btree ("viewer_id","organization_kind","ends_at");--> statement-breakpoint
CREATE INDEX "organization_access_organization_idx" ON "organization_access" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "organization_summaries_name_idx" ON "organization_summaries" USING btree ("kind","name","organization_id");--> statement-breakpoint
CREATE INDEX "organization_summaries_domain_idx" ON "organization_summaries" USING btree ("kind","primary_domain","organization_id");--> statement-breakpoint
CREATE INDEX "organization_summaries_health_idx" ON "organization_summaries" USING btree ("kind","health_rank","name","organization_id");--> statement-breakpoint
CREATE INDEX "organization_summaries_requests_idx" ON "organization_summaries" USING btree ("kind","open_service_requests","name","organization_id");--> statement-breakpoint
CREATE INDEX "organization_summaries_licences_idx" ON "organization_summaries" USING btree ("kind","licences","name","organization_id");--> statement-breakpoint
CREATE INDEX "organization_summaries_expiry_idx" ON "organization_summaries" USING btree ("kind","next_expiry","name","organization_id");--> statement-breakpoint
CREATE INDEX "organization_summaries_customers_idx" ON "organization_summaries" USING btree ("kind","customer_count","name","organization_id");--> statement-breakpoint
CREATE INDEX "activation_links_sender_idx" ON "activation_links" USING btree ("sender_organization_id","created_at");--> statement-breakpoint
CREATE INDEX "mail_outbox_pending_idx" ON "mail_outbox" USING btree ("next_attempt_at") WHERE "mail_outbox"."sent_at" is null;--> statement-breakpoint
CREATE INDEX "mail_outbox_recipient_idx" ON "mail_outbox" USING btree ("recipient");--> statement-breakpoint
CREATE INDEX "delegated_admin_relationships_customer_idx" ON "delegated_admin_relationships" USING btree ("customer_id","provider_id");