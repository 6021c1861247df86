-- The read model of the Customers, Partners and Distributors pages (issue 3), hand-written:
--  * organization_access: who sees which organisation, maintained from the relationship tables by triggers, so that
--    visibility is one index probe instead of a walk of the graph; time-bound paths carry their end (ends_at);
--  * organization_summaries: the figures each page shows and sorts on. A customer's row is refreshed in the
--    transaction that changes a subscription, a service request or an incident; a partner's or distributor's sums
--    over its customers are queued (summary_refresh_queue) and refreshed by the worker, so that one customer's change
--    never rescans a distributor's 100,000 customers inside the user's request;
--  * search: trigram index on a folded (lower case, accents removed) key, searched through a SECURITY DEFINER
--    function because row-level security keeps non-leakproof operators such as LIKE from using an index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- Lower case, accents removed. IMMUTABLE wrapper (unaccent itself is STABLE because its dictionary could change).
CREATE FUNCTION relais_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(public.unaccent('public.unaccent'::regdictionary, t))
$$;
--> statement-breakpoint
CREATE INDEX organization_summaries_search_idx ON organization_summaries USING gin (search_key gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX organization_access_ends_idx ON organization_access (ends_at) WHERE ends_at <> 'infinity';
--> statement-breakpoint
CREATE TABLE summary_refresh_queue (
  organization_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  queued_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
ALTER TABLE summary_refresh_queue ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Relationship changes are rare and their effects cross (a reseller link and a delegated-admin link can both add the
-- same distributor → customer path): one transaction at a time recomputes access, each seeing the others' commits.
CREATE FUNCTION relais_lock_graph() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(7341005)
$$;
--> statement-breakpoint
-- Recomputes organization_access for the given (viewer, organisation) pairs from the source tables. THE visibility
-- rule of DESIGN §2: everyone sees itself; the vendor sees everything; a distributor sees its active partners, the
-- customers it holds delegated access to and its partners' customers; a partner sees the customers it holds
-- delegated access to. A delegated path lasts until the relationship's end date.
CREATE FUNCTION relais_refresh_access(viewers uuid[], orgs uuid[]) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH p AS (SELECT DISTINCT v, o FROM unnest(viewers, orgs) AS x(v, o)),
  paths AS (
    SELECT p.v, p.o, 'infinity'::timestamptz AS ends_at FROM p WHERE p.v = p.o
    UNION ALL
    SELECT p.v, p.o, 'infinity' FROM p JOIN organizations vo ON vo.id = p.v AND vo.kind = 'vendor'
    UNION ALL
    SELECT p.v, p.o, 'infinity' FROM p
      JOIN reseller_relationships r ON r.distributor_id = p.v AND r.partner_id = p.o AND r.status = 'active'
    UNION ALL
    SELECT p.v, p.o, d.ends_at FROM p
      JOIN delegated_admin_relationships d ON d.provider_id = p.v AND d.customer_id = p.o AND d.status = 'active'
    UNION ALL
    SELECT p.v, p.o, d.ends_at FROM p
      JOIN reseller_relationships r ON r.distributor_id = p.v AND r.status = 'active'
      JOIN delegated_admin_relationships d ON d.provider_id = r.partner_id AND d.customer_id = p.o
                                          AND d.status = 'active'
  ),
  best AS (SELECT v, o, max(ends_at) AS ends_at FROM paths GROUP BY v, o),
  gone AS (
    DELETE FROM organization_access a USING p
     WHERE a.viewer_id = p.v AND a.organization_id = p.o
       AND NOT EXISTS (SELECT 1 FROM best b WHERE b.v = p.v AND b.o = p.o)
  )
  INSERT INTO organization_access (viewer_id, organization_id, organization_kind, ends_at)
  SELECT b.v, b.o, o.kind, b.ends_at FROM best b JOIN organizations o ON o.id = b.o
  ON CONFLICT (viewer_id, organization_id) DO UPDATE
    SET ends_at = excluded.ends_at, organization_kind = excluded.organization_kind
    WHERE organization_access.ends_at IS DISTINCT FROM excluded.ends_at
$$;
--> statement-breakpoint
-- Partners and distributors whose sums over their customers must be recomputed by the worker.
CREATE FUNCTION relais_queue_aggregates(ids uuid[]) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO summary_refresh_queue (organization_id)
  SELECT DISTINCT o.id FROM organizations o WHERE o.id = ANY(ids) AND o.kind IN ('vendor', 'partner', 'distributor')
  ON CONFLICT (organization_id) DO NOTHING
$$;
--> statement-breakpoint
-- Queues the partners and distributors that currently see any of these customers.
CREATE FUNCTION relais_queue_viewers_of(customers uuid[]) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO summary_refresh_queue (organization_id)
  SELECT DISTINCT a.viewer_id FROM organization_access a JOIN organizations v ON v.id = a.viewer_id
   WHERE a.organization_id = ANY(customers) AND v.kind IN ('vendor', 'partner', 'distributor')
  ON CONFLICT (organization_id) DO NOTHING
$$;
--> statement-breakpoint
-- Recomputes the customer rows of organization_summaries: licences and SKUs of active subscriptions, the nearest
-- commitment end, open service requests, and health from the open incidents that affect the customer.
-- Locks the rows first so that two concurrent changes of one customer each see the other's committed work.
CREATE FUNCTION relais_refresh_customer_summaries(ids uuid[]) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM 1 FROM organization_summaries WHERE organization_id = ANY(ids) ORDER BY organization_id FOR UPDATE;
  UPDATE organization_summaries s
     SET licences = c.licences, next_expiry = c.next_expiry, skus = c.skus,
         open_service_requests = c.open_requests, health_rank = c.health_rank,
         health = (ARRAY['healthy', 'advisory', 'incident'])[c.health_rank + 1], updated_at = relais_now()
    FROM (
      SELECT o.id,
             coalesce(sub.licences, 0) AS licences,
             coalesce(sub.next_expiry, 'infinity') AS next_expiry,
             coalesce(sub.skus, '{}') AS skus,
             coalesce(sr.n, 0) AS open_requests,
             coalesce(h.rank, 0) AS health_rank
        FROM (SELECT DISTINCT id FROM unnest(ids) AS u(id)) o
        LEFT JOIN LATERAL (
          SELECT sum(s.quantity)::int AS licences, min(s.commitment_ends_at) AS next_expiry,
                 array_agg(DISTINCT k.name ORDER BY k.name) AS skus
            FROM subscriptions s JOIN skus k ON k.id = s.sku_id
           WHERE s.customer_id = o.id AND s.status = 'active'
        ) sub ON true
        LEFT JOIN LATERAL (
          SELECT count(*)::int AS n FROM service_requests r WHERE r.customer_id = o.id AND r.status <> 'closed'
        ) sr ON true
        LEFT JOIN LATERAL (
          SELECT max(CASE i.kind WHEN 'incident' THEN 2 ELSE 1 END)::smallint AS rank
            FROM incidents i
           WHERE i.status <> 'resolved'
             AND ((i.scope = 'product' AND EXISTS (
                    SELECT 1 FROM subscriptions s JOIN skus k ON k.id = s.sku_id
                     WHERE s.customer_id = o.id AND s.status = 'active' AND k.product_id = i.product_id))
               OR (i.scope = 'customers' AND EXISTS (
                    SELECT 1 FROM incident_customers ic WHERE ic.incident_id = i.id AND ic.customer_id = o.id)))
        ) h ON true
    ) c
   WHERE s.organization_id = c.id AND s.kind = 'customer'
     AND (s.licences, s.next_expiry, s.skus, s.open_service_requests, s.health_rank)
         IS DISTINCT FROM (c.licences, c.next_expiry, c.skus, c.open_requests, c.health_rank);
END
$$;
--> statement-breakpoint
-- Recomputes vendor, partner and distributor rows: the sums over the customers each one sees now. Run by the worker.
CREATE FUNCTION relais_refresh_aggregate_summaries(ids uuid[]) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM 1 FROM organization_summaries WHERE organization_id = ANY(ids) ORDER BY organization_id FOR UPDATE;
  UPDATE organization_summaries s
     SET customer_count = c.customer_count, licences = c.licences, next_expiry = c.next_expiry, skus = c.skus,
         open_service_requests = c.open_requests, health_rank = c.health_rank,
         health = (ARRAY['healthy', 'advisory', 'incident'])[c.health_rank + 1], updated_at = relais_now()
    FROM (
      SELECT v.id,
             count(cs.organization_id)::int AS customer_count,
             coalesce(sum(cs.licences), 0)::int AS licences,
             coalesce(min(cs.next_expiry), 'infinity') AS next_expiry,
             coalesce(sum(cs.open_service_requests), 0)::int AS open_requests,
             coalesce(max(cs.health_rank), 0)::smallint AS health_rank,
             coalesce((SELECT array_agg(DISTINCT k ORDER BY k)
                         FROM organization_access a2
                         JOIN organization_summaries c2 ON c2.organization_id = a2.organization_id,
                              unnest(c2.skus) AS k
                        WHERE a2.viewer_id = v.id AND a2.organization_kind = 'customer'
                          AND a2.ends_at > relais_now()), '{}') AS skus
        FROM (SELECT DISTINCT id FROM unnest(ids) AS u(id)) v
        LEFT JOIN organization_access a
               ON a.viewer_id = v.id AND a.organization_kind = 'customer' AND a.ends_at > relais_now()
        LEFT JOIN organization_summaries cs ON cs.organization_id = a.organization_id
       GROUP BY v.id
    ) c
   WHERE s.organization_id = c.id AND s.kind IN ('vendor', 'partner', 'distributor');
END
$$;
--> statement-breakpoint
-- organizations: every new organisation sees itself and is seen by the vendor (a new vendor sees everyone), and gets
-- its summary row; a renamed organisation's summary follows.
CREATE FUNCTION relais_organizations_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  viewers uuid[];
  orgs uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO organization_summaries (organization_id, kind, name, primary_domain, search_key)
    SELECT n.id, n.kind, n.name, n.primary_domain, relais_fold(n.name || ' ' || n.primary_domain) FROM new_rows n;
    SELECT array_agg(x.v), array_agg(x.o) INTO viewers, orgs FROM (
      SELECT n.id AS v, n.id AS o FROM new_rows n
      UNION SELECT vo.id, n.id FROM organizations vo, new_rows n WHERE vo.kind = 'vendor'
      UNION SELECT n.id, o.id FROM new_rows n, organizations o WHERE n.kind = 'vendor'
    ) x;
    PERFORM relais_refresh_access(viewers, orgs);
  ELSE
    UPDATE organization_summaries s
       SET name = n.name, primary_domain = n.primary_domain,
           search_key = relais_fold(n.name || ' ' || n.primary_domain), updated_at = now()
      FROM new_rows n
     WHERE s.organization_id = n.id AND (s.name, s.primary_domain) IS DISTINCT FROM (n.name, n.primary_domain);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER organizations_inserted AFTER INSERT ON organizations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_organizations_changed();
--> statement-breakpoint
CREATE TRIGGER organizations_updated AFTER UPDATE ON organizations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_organizations_changed();
--> statement-breakpoint
-- reseller_relationships: the distributor's view of the partner and of the partner's customers.
CREATE FUNCTION relais_reseller_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  la uuid[];
  lb uuid[];
  viewers uuid[];
  orgs uuid[];
BEGIN
  PERFORM relais_lock_graph();
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(distributor_id), array_agg(partner_id) INTO la, lb FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(distributor_id), array_agg(partner_id) INTO la, lb FROM old_rows;
  ELSE
    SELECT array_agg(x.a), array_agg(x.b) INTO la, lb FROM (
      SELECT distributor_id AS a, partner_id AS b FROM new_rows
      UNION SELECT distributor_id, partner_id FROM old_rows) x;
  END IF;
  SELECT array_agg(x.v), array_agg(x.o) INTO viewers, orgs FROM (
    SELECT l.a AS v, l.b AS o FROM unnest(la, lb) AS l(a, b)
    UNION
    SELECT l.a, d.customer_id FROM unnest(la, lb) AS l(a, b) JOIN delegated_admin_relationships d ON d.provider_id = l.b
  ) x;
  PERFORM relais_refresh_access(viewers, orgs);
  PERFORM relais_queue_aggregates(la);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER reseller_relationships_inserted AFTER INSERT ON reseller_relationships
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_reseller_changed();
--> statement-breakpoint
CREATE TRIGGER reseller_relationships_updated AFTER UPDATE ON reseller_relationships
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_reseller_changed();
--> statement-breakpoint
CREATE TRIGGER reseller_relationships_deleted AFTER DELETE ON reseller_relationships
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_reseller_changed();
--> statement-breakpoint
-- delegated_admin_relationships: the provider's view of the customer, and its distributors'.
CREATE FUNCTION relais_delegated_admin_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  la uuid[];
  lb uuid[];
  viewers uuid[];
  orgs uuid[];
BEGIN
  PERFORM relais_lock_graph();
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(provider_id), array_agg(customer_id) INTO la, lb FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(provider_id), array_agg(customer_id) INTO la, lb FROM old_rows;
  ELSE
    SELECT array_agg(x.a), array_agg(x.b) INTO la, lb FROM (
      SELECT provider_id AS a, customer_id AS b FROM new_rows
      UNION SELECT provider_id, customer_id FROM old_rows) x;
  END IF;
  SELECT array_agg(x.v), array_agg(x.o) INTO viewers, orgs FROM (
    SELECT l.a AS v, l.b AS o FROM unnest(la, lb) AS l(a, b)
    UNION
    SELECT r.distributor_id, l.b FROM unnest(la, lb) AS l(a, b) JOIN reseller_relationships r ON r.partner_id = l.a
  ) x;
  PERFORM relais_refresh_access(viewers, orgs);
  PERFORM relais_queue_aggregates(viewers);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER delegated_admin_relationships_inserted AFTER INSERT ON delegated_admin_relationships
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_delegated_admin_changed();
--> statement-breakpoint
CREATE TRIGGER delegated_admin_relationships_updated AFTER UPDATE ON delegated_admin_relationships
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relais_delegated_admin_changed();
--> statement-breakpoint
CREATE TRIGGER delegated_admin_relationships_deleted AFTER DELETE ON delegated_admin_relationships
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_delegated_admin_changed();
--> statement-breakpoint
-- subscriptions and service_requests: the customer's own figures, then its viewers' sums.
CREATE FUNCTION relais_customer_figures_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT customer_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT customer_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT x.customer_id) INTO ids
      FROM (SELECT customer_id FROM new_rows UNION SELECT customer_id FROM old_rows) x;
  END IF;
  PERFORM relais_refresh_customer_summaries(ids);
  PERFORM relais_queue_viewers_of(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER subscriptions_inserted AFTER INSERT ON subscriptions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_customer_figures_changed();
--> statement-breakpoint
CREATE TRIGGER subscriptions_updated AFTER UPDATE ON subscriptions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relais_customer_figures_changed();
--> statement-breakpoint
CREATE TRIGGER subscriptions_deleted AFTER DELETE ON subscriptions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_customer_figures_changed();
--> statement-breakpoint
CREATE TRIGGER service_requests_inserted AFTER INSERT ON service_requests
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_customer_figures_changed();
--> statement-breakpoint
CREATE TRIGGER service_requests_updated AFTER UPDATE ON service_requests
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relais_customer_figures_changed();
--> statement-breakpoint
CREATE TRIGGER service_requests_deleted AFTER DELETE ON service_requests
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_customer_figures_changed();
--> statement-breakpoint
-- The customers an incident touches: every customer with an active subscription to the product (scope product), or
-- the listed ones.
CREATE FUNCTION relais_incident_customers(incident_ids uuid[]) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT coalesce(array_agg(DISTINCT x.id), '{}') FROM (
    SELECT s.customer_id AS id FROM incidents i
      JOIN skus k ON k.product_id = i.product_id
      JOIN subscriptions s ON s.sku_id = k.id AND s.status = 'active'
     WHERE i.id = ANY(incident_ids) AND i.scope = 'product'
    UNION
    SELECT ic.customer_id FROM incident_customers ic WHERE ic.incident_id = ANY(incident_ids)
  ) x
$$;
--> statement-breakpoint
CREATE FUNCTION relais_incidents_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  ids uuid[];
  touched uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    -- the rows are gone: recompute everyone who was subscribed to their products or listed
    SELECT array_agg(DISTINCT s.customer_id) INTO touched FROM old_rows o
      JOIN skus k ON k.product_id = o.product_id JOIN subscriptions s ON s.sku_id = k.id;
    PERFORM relais_refresh_customer_summaries(touched);
    PERFORM relais_queue_viewers_of(touched);
    RETURN NULL;
  ELSE
    -- only a change of what decides health matters
    SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.status = 'resolved', n.kind, n.scope, n.product_id)
           IS DISTINCT FROM (o.status = 'resolved', o.kind, o.scope, o.product_id);
    IF ids IS NULL THEN RETURN NULL; END IF;
    SELECT array_agg(DISTINCT s.customer_id) INTO touched FROM old_rows o
      JOIN skus k ON k.product_id = o.product_id JOIN subscriptions s ON s.sku_id = k.id AND s.status = 'active'
     WHERE o.id = ANY(ids) AND o.scope = 'product';
    PERFORM relais_refresh_customer_summaries(touched);
    PERFORM relais_queue_viewers_of(touched);
  END IF;
  touched := relais_incident_customers(ids);
  PERFORM relais_refresh_customer_summaries(touched);
  PERFORM relais_queue_viewers_of(touched);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER incidents_inserted AFTER INSERT ON incidents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_incidents_changed();
--> statement-breakpoint
CREATE TRIGGER incidents_updated AFTER UPDATE ON incidents
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_incidents_changed();
--> statement-breakpoint
CREATE TRIGGER incidents_deleted AFTER DELETE ON incidents
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_incidents_changed();
--> statement-breakpoint
CREATE FUNCTION relais_incident_customers_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT customer_id) INTO ids FROM new_rows;
  ELSE
    SELECT array_agg(DISTINCT customer_id) INTO ids FROM old_rows;
  END IF;
  PERFORM relais_refresh_customer_summaries(ids);
  PERFORM relais_queue_viewers_of(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER incident_customers_inserted AFTER INSERT ON incident_customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_incident_customers_changed();
--> statement-breakpoint
CREATE TRIGGER incident_customers_deleted AFTER DELETE ON incident_customers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_incident_customers_changed();
--> statement-breakpoint
-- Visibility now reads the maintained table; the rule itself lives in relais_refresh_access above.
CREATE OR REPLACE FUNCTION visible_organization_ids(actor uuid) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT organization_id FROM organization_access WHERE viewer_id = actor AND ends_at > relais_now()
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION relais_can_see(org uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM organization_access a
                  WHERE a.viewer_id = relais_actor_org() AND a.organization_id = org AND a.ends_at > relais_now())
$$;
--> statement-breakpoint
-- Search, by partial name or primary domain, case- and accent-insensitive: the ids of the organisations of a kind
-- that the current actor sees and whose folded key contains the folded term. SECURITY DEFINER so that the trigram
-- index is usable (row-level security would keep LIKE, which is not leakproof, out of the index); it applies the
-- actor's visibility itself.
CREATE FUNCTION relais_search_organizations(org_kind text, term text) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 500 AS $$
  SELECT s.organization_id
    FROM organization_summaries s
    JOIN organization_access a ON a.organization_id = s.organization_id
   WHERE a.viewer_id = relais_actor_org() AND a.ends_at > relais_now()
     AND s.kind = org_kind
     AND s.search_key LIKE '%' || replace(replace(replace(relais_fold(term), '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;
--> statement-breakpoint
-- Policies: the old ones walked the graph through visible_organization_ids(); the new ones probe organization_access.
DROP POLICY organizations_visible ON organizations;
--> statement-breakpoint
-- A function call per row rather than an inline EXISTS: PostgreSQL turns the inline form into a hash of every id the
-- actor sees (100,000 for a large distributor) before returning the first row of a page; the call probes one index.
CREATE POLICY organizations_visible ON organizations FOR SELECT TO relais_app USING (relais_can_see(id));
--> statement-breakpoint
DROP POLICY delegated_admin_relationships_visible ON delegated_admin_relationships;
--> statement-breakpoint
CREATE POLICY delegated_admin_relationships_visible ON delegated_admin_relationships FOR SELECT TO relais_app
  USING (relais_actor_org() IN (provider_id, customer_id) OR relais_can_see(provider_id));
--> statement-breakpoint
ALTER TABLE organization_access ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organization_access_own ON organization_access FOR SELECT TO relais_app
  USING (viewer_id = relais_actor_org());
--> statement-breakpoint
ALTER TABLE organization_summaries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organization_summaries_visible ON organization_summaries FOR SELECT TO relais_app
  USING (relais_can_see(organization_id));
--> statement-breakpoint
ALTER TABLE products ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY products_read ON products FOR SELECT TO relais_app USING (relais_actor_org() IS NOT NULL);
--> statement-breakpoint
CREATE POLICY products_vendor ON products FOR ALL TO relais_app
  USING (relais_actor_is_vendor()) WITH CHECK (relais_actor_is_vendor());
--> statement-breakpoint
ALTER TABLE skus ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY skus_read ON skus FOR SELECT TO relais_app USING (relais_actor_org() IS NOT NULL);
--> statement-breakpoint
CREATE POLICY skus_vendor ON skus FOR ALL TO relais_app
  USING (relais_actor_is_vendor()) WITH CHECK (relais_actor_is_vendor());
--> statement-breakpoint
ALTER TABLE subscriptions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY subscriptions_visible ON subscriptions FOR SELECT TO relais_app USING (relais_can_see(customer_id));
--> statement-breakpoint
-- The vendor and the billing distributor write subscriptions, of customers they see.
CREATE POLICY subscriptions_write ON subscriptions FOR ALL TO relais_app
  USING (relais_can_see(customer_id) AND (relais_actor_is_vendor() OR billing_provider_id = relais_actor_org()))
  WITH CHECK (relais_can_see(customer_id) AND (relais_actor_is_vendor() OR billing_provider_id = relais_actor_org()));
--> statement-breakpoint
ALTER TABLE incidents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The status of a service is public to every signed-in organisation, like a status page; who is affected is not.
CREATE POLICY incidents_read ON incidents FOR SELECT TO relais_app USING (relais_actor_org() IS NOT NULL);
--> statement-breakpoint
CREATE POLICY incidents_vendor ON incidents FOR ALL TO relais_app
  USING (relais_actor_is_vendor()) WITH CHECK (relais_actor_is_vendor());
--> statement-breakpoint
ALTER TABLE incident_updates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY incident_updates_read ON incident_updates FOR SELECT TO relais_app USING (relais_actor_org() IS NOT NULL);
--> statement-breakpoint
CREATE POLICY incident_updates_vendor ON incident_updates FOR ALL TO relais_app
  USING (relais_actor_is_vendor()) WITH CHECK (relais_actor_is_vendor());
--> statement-breakpoint
ALTER TABLE incident_customers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY incident_customers_visible ON incident_customers FOR SELECT TO relais_app
  USING (relais_can_see(customer_id));
--> statement-breakpoint
CREATE POLICY incident_customers_vendor ON incident_customers FOR ALL TO relais_app
  USING (relais_actor_is_vendor()) WITH CHECK (relais_actor_is_vendor());
--> statement-breakpoint
ALTER TABLE service_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY service_requests_visible ON service_requests TO relais_app
  USING (relais_can_see(customer_id)) WITH CHECK (relais_can_see(customer_id));
--> statement-breakpoint
ALTER TABLE service_request_notes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY service_request_notes_visible ON service_request_notes TO relais_app
  USING (EXISTS (SELECT 1 FROM service_requests r WHERE r.id = service_request_id AND relais_can_see(r.customer_id)))
  WITH CHECK (EXISTS (SELECT 1 FROM service_requests r
                       WHERE r.id = service_request_id AND relais_can_see(r.customer_id)));
--> statement-breakpoint
ALTER TABLE activation_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY activation_links_sender ON activation_links TO relais_app
  USING (sender_organization_id = relais_actor_org()) WITH CHECK (sender_organization_id = relais_actor_org());
--> statement-breakpoint
-- Mail is written by changes in the actor's transaction and read only by the worker and the development mailbox.
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_outbox_append ON mail_outbox FOR INSERT TO relais_app WITH CHECK (relais_actor_org() IS NOT NULL);
--> statement-breakpoint
-- Backfill from what earlier migrations' databases hold.
INSERT INTO organization_summaries (organization_id, kind, name, primary_domain, search_key)
SELECT o.id, o.kind, o.name, o.primary_domain, relais_fold(o.name || ' ' || o.primary_domain) FROM organizations o;
--> statement-breakpoint
INSERT INTO organization_access (viewer_id, organization_id, organization_kind, ends_at)
SELECT x.v, x.o, o.kind, max(x.ends_at) FROM (
  SELECT id AS v, id AS o, 'infinity'::timestamptz AS ends_at FROM organizations
  UNION ALL SELECT vo.id, o.id, 'infinity' FROM organizations vo, organizations o WHERE vo.kind = 'vendor'
  UNION ALL SELECT distributor_id, partner_id, 'infinity' FROM reseller_relationships WHERE status = 'active'
  UNION ALL SELECT provider_id, customer_id, ends_at FROM delegated_admin_relationships WHERE status = 'active'
  UNION ALL SELECT r.distributor_id, d.customer_id, d.ends_at FROM reseller_relationships r
    JOIN delegated_admin_relationships d ON d.provider_id = r.partner_id AND d.status = 'active'
   WHERE r.status = 'active'
) x JOIN organizations o ON o.id = x.o
GROUP BY x.v, x.o, o.kind;
--> statement-breakpoint
SELECT relais_refresh_aggregate_summaries(array(SELECT id FROM organizations WHERE kind IN ('vendor', 'partner', 'distributor')));
