-- The migration ledger was the one table without row-level security: relais_app (every request's role) could read
-- and rewrite it. Only migrate.ts, as the owner, touches it; with RLS on and no policy, relais_app sees no row.
ALTER TABLE relais_migrations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE ALL ON relais_migrations FROM relais_app;
