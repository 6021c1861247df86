-- Reactions: features that act on other features' events (platform/events/reactions.ts), each a durable consumer
-- reading the events table in commit-safe order.
--
-- An event's id is taken when it is inserted, not when its transaction commits, so "id > last seen" would skip an
-- event whose transaction commits after a later id was read. Each event also records its transaction id (xid8); a
-- consumer reads only events of transactions older than every transaction still running (the snapshot's xmin), in
-- (txid, id) order: whatever commits later has a larger txid than anything read, so nothing is skipped.
-- Rows written before this migration have no txid: consumers start after them.
ALTER TABLE events ADD COLUMN txid xid8;
--> statement-breakpoint
ALTER TABLE events ALTER COLUMN txid SET DEFAULT pg_current_xact_id();
--> statement-breakpoint
CREATE INDEX events_txid_idx ON events (txid, id) WHERE txid IS NOT NULL;
--> statement-breakpoint
-- One row per reaction: where it stands, and its failures (retried with backoff, never skipped).
CREATE TABLE event_consumers (
  name text PRIMARY KEY,
  position_txid xid8 NOT NULL,
  position_id bigint NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  last_error text,
  retry_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
-- Only the worker's system transactions read and move a consumer.
ALTER TABLE event_consumers ENABLE ROW LEVEL SECURITY;
