-- Fixed-window counters shared by every instance (issue 11 §5): API requests per session, token or address (counted
-- in process and added here in batches, platform/http/rate-limit.ts) and outbound mail per sending organisation and
-- per recipient (counted in the sending transaction, platform/mail/limits.ts). One row per key and window; the worker
-- deletes rows whose window is over.
CREATE TABLE "rate_limits" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limits_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
CREATE INDEX "rate_limits_expires_idx" ON "rate_limits" USING btree ("expires_at");
--> statement-breakpoint
-- Platform-level, no policy: relais_app reaches it only through the function below.
ALTER TABLE rate_limits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Counts one hit in the current window of `window_seconds` at the app's clock and answers the window's total and end.
-- Called inside a request's scoped transaction (role relais_app), so the hit is undone if the change rolls back; the
-- row stays locked until then, so concurrent senders are counted one after the other. Recipient keys are hashed by
-- the caller: no address is kept here.
CREATE FUNCTION relais_rate_limit_hit(bucket text, window_seconds integer)
RETURNS TABLE (total integer, window_end timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO rate_limits AS r (key, window_start, hits, expires_at)
  SELECT bucket, w.start, 1, w.start + make_interval(secs => window_seconds)
    FROM (SELECT to_timestamp(floor(extract(epoch FROM relais_now()) / window_seconds) * window_seconds) AS start) w
  ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + 1
  RETURNING r.hits, r.expires_at
$$;
--> statement-breakpoint
-- Sign-in throttling that holds (issue 11 §5): a counter is forgotten an hour after its last failure (expires_at),
-- and an (account, address) pair that signed in is trusted for a while (trusted_until), so that its owner is not
-- locked out by someone else's failures from the same address. Counters kept so far start again from zero.
ALTER TABLE sign_in_throttle ADD COLUMN "expires_at" timestamp with time zone DEFAULT now() NOT NULL;
--> statement-breakpoint
ALTER TABLE sign_in_throttle ADD COLUMN "trusted_until" timestamp with time zone;
--> statement-breakpoint
UPDATE sign_in_throttle SET failures = 0, locked_until = NULL;
--> statement-breakpoint
CREATE INDEX "sign_in_throttle_expires_idx" ON "sign_in_throttle" USING btree ("expires_at");
