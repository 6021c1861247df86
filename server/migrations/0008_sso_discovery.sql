-- Single sign-on no longer fetches the provider's discovery document when someone starts a sign-in (anyone can, so
-- anyone could make the server probe addresses): the Admin's save fetches and validates it, it is kept here, and the
-- background task sso-discovery-refresh fetches it again when discovery_due_at comes (daily; an hour after a failure).
ALTER TABLE "identity_providers" ADD COLUMN "discovery" jsonb;
--> statement-breakpoint
-- The issuer the document was fetched for: a sign-in uses the document only while it is still the provider's issuer.
ALTER TABLE "identity_providers" ADD COLUMN "discovery_issuer" text;
--> statement-breakpoint
ALTER TABLE "identity_providers" ADD COLUMN "discovered_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "identity_providers" ADD COLUMN "discovery_due_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "identity_providers" ADD COLUMN "discovery_error" text;
--> statement-breakpoint
-- Providers saved before this migration have no document yet: the task fetches theirs at once.
UPDATE "identity_providers" SET "discovery_due_at" = now();
--> statement-breakpoint
CREATE INDEX "identity_providers_discovery_due_idx" ON "identity_providers" ("discovery_due_at")
  WHERE "discovery_due_at" IS NOT NULL;
