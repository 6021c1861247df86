-- Row-level security: the second wall behind the repositories' own scoping (DESIGN §5).
-- Each request runs in a transaction that switches to the non-superuser role relais_app and sets
-- relais.actor_org / relais.actor_kind / relais.actor_user (and relais.now in tests) with set_config(..., true).
DO $$
BEGIN
  CREATE ROLE relais_app NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles are cluster-wide: another database of the same cluster created it already
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  -- A non-superuser owner must be a member of relais_app to SET ROLE to it.
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT relais_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO relais_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO relais_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO relais_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO relais_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO relais_app;
--> statement-breakpoint
-- The clock of the database, overridable per transaction so that tests can move time.
CREATE FUNCTION relais_now() RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('relais.now', true), '')::timestamptz, now())
$$;
--> statement-breakpoint
CREATE FUNCTION relais_actor_org() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('relais.actor_org', true), '')::uuid
$$;
--> statement-breakpoint
CREATE FUNCTION relais_actor_user() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('relais.actor_user', true), '')::uuid
$$;
--> statement-breakpoint
CREATE FUNCTION relais_actor_is_vendor() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('relais.actor_kind', true), '') = 'vendor'
$$;
--> statement-breakpoint
-- The effective state of a delegated-admin relationship: expiring and expired follow from the clock alone.
CREATE FUNCTION effective_dap_status(status text, ends_at timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN status = 'active' AND ends_at <= relais_now() THEN 'expired'
    WHEN status = 'active' AND ends_at <= relais_now() + interval '30 days' THEN 'expiring'
    ELSE status
  END
$$;
--> statement-breakpoint
-- THE visibility rule of DESIGN §2, in one place; repositories and policies both call it.
-- The vendor sees everything (callers test relais_actor_is_vendor() first rather than listing every id);
-- a distributor sees itself, its active partners, their customers and its own customers;
-- a partner sees itself and the customers it holds active delegated access to; a customer sees itself.
-- SECURITY DEFINER so that it reads the relationship tables without recursing into their own policies.
CREATE FUNCTION visible_organization_ids(actor uuid) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT actor
  UNION
  SELECT r.partner_id FROM reseller_relationships r
   WHERE r.distributor_id = actor AND r.status = 'active'
  UNION
  SELECT d.customer_id FROM delegated_admin_relationships d
   WHERE d.provider_id = actor AND d.status = 'active' AND d.ends_at > relais_now()
  UNION
  SELECT d.customer_id FROM reseller_relationships r
    JOIN delegated_admin_relationships d ON d.provider_id = r.partner_id
   WHERE r.distributor_id = actor AND r.status = 'active' AND d.status = 'active' AND d.ends_at > relais_now()
$$;
--> statement-breakpoint
CREATE FUNCTION relais_can_see(org uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT relais_actor_is_vendor() OR org IN (SELECT visible_organization_ids(relais_actor_org()))
$$;
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organizations_visible ON organizations FOR SELECT TO relais_app
  USING (relais_actor_is_vendor() OR id IN (SELECT visible_organization_ids(relais_actor_org())));
--> statement-breakpoint
CREATE POLICY organizations_write ON organizations FOR UPDATE TO relais_app
  USING (relais_actor_is_vendor() OR id = relais_actor_org());
--> statement-breakpoint
CREATE POLICY organizations_insert ON organizations FOR INSERT TO relais_app WITH CHECK (relais_actor_org() IS NOT NULL);
--> statement-breakpoint
ALTER TABLE reseller_relationships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY reseller_relationships_party ON reseller_relationships TO relais_app
  USING (relais_actor_is_vendor() OR relais_actor_org() IN (distributor_id, partner_id))
  WITH CHECK (relais_actor_is_vendor() OR relais_actor_org() IN (distributor_id, partner_id));
--> statement-breakpoint
ALTER TABLE delegated_admin_relationships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY delegated_admin_relationships_visible ON delegated_admin_relationships FOR SELECT TO relais_app
  USING (relais_actor_is_vendor() OR relais_actor_org() IN (provider_id, customer_id)
         OR provider_id IN (SELECT visible_organization_ids(relais_actor_org())));
--> statement-breakpoint
CREATE POLICY delegated_admin_relationships_party ON delegated_admin_relationships FOR ALL TO relais_app
  USING (relais_actor_is_vendor() OR relais_actor_org() IN (provider_id, customer_id))
  WITH CHECK (relais_actor_is_vendor() OR relais_actor_org() IN (provider_id, customer_id));
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_same_organization ON users TO relais_app
  USING (organization_id = relais_actor_org()) WITH CHECK (organization_id = relais_actor_org());
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sessions_own ON sessions TO relais_app
  USING (user_id = relais_actor_user()) WITH CHECK (user_id = relais_actor_user());
--> statement-breakpoint
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY api_tokens_own ON api_tokens TO relais_app
  USING (user_id = relais_actor_user()) WITH CHECK (user_id = relais_actor_user());
--> statement-breakpoint
-- Sign-in throttling runs before any actor exists: only the owner role touches it.
ALTER TABLE sign_in_throttle ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY events_visible ON events FOR SELECT TO relais_app
  USING (actor_organization_id = relais_actor_org() OR relais_can_see(organization_id));
--> statement-breakpoint
CREATE POLICY events_append ON events FOR INSERT TO relais_app WITH CHECK (relais_actor_org() IS NOT NULL);
