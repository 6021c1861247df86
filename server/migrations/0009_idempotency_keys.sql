-- Idempotency-Key (DESIGN §6): one row per (caller, key). A row without status_code is a request in flight, claimed by
-- the instance that inserted it (INSERT … ON CONFLICT, so two instances racing on one key get one executor) until
-- locked_until, after which a retry may take it over: an instance that crashed mid-request does not block the key for
-- good. A row with status_code holds the first answer, sealed (AES-GCM, key derived from the server secret and the
-- client's key, which is kept only as a hash), for 24 hours; the worker deletes older rows.
CREATE TABLE "idempotency_keys" (
	"caller_id" uuid NOT NULL,
	"key_hash" text NOT NULL,
	"fingerprint" text NOT NULL,
	"claim" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"status_code" integer,
	"response" bytea,
	CONSTRAINT "idempotency_keys_caller_id_key_hash_pk" PRIMARY KEY("caller_id","key_hash")
);
--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");
--> statement-breakpoint
-- Platform-level: read and written only by the system statements of the idempotency plugin, before and after the
-- request's own scoped transaction. No policy, so relais_app sees none of it.
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
