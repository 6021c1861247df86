-- The channel lists walk each viewer's own rows (issue 13). Until now a page walked organization_summaries by a sort
-- index and probed organization_access for every row: a partner that sees one customer in eight filtered ~370 rows to
-- keep 51, and one that sees one in a thousand would filter 50,000. Each access row now carries copies of the sort
-- keys of the organisation it shows (kept equal to its summary by the trigger below, in the same transaction), and
-- one index per sort keyed by (viewer, kind) walks exactly the rows a page shows. A viewer's own row is in none of
-- its lists (a vendor, distributor or partner lists other kinds only; a customer lists nothing): it carries no keys,
-- and no count below.
ALTER TABLE organization_access
  ADD COLUMN name text NOT NULL DEFAULT '',
  ADD COLUMN primary_domain text NOT NULL DEFAULT '',
  ADD COLUMN health_rank smallint NOT NULL DEFAULT 0,
  ADD COLUMN open_service_requests integer NOT NULL DEFAULT 0,
  ADD COLUMN licences integer NOT NULL DEFAULT 0,
  ADD COLUMN next_expiry timestamptz NOT NULL DEFAULT 'infinity',
  ADD COLUMN customer_count integer NOT NULL DEFAULT 0;
--> statement-breakpoint
UPDATE organization_access a
   SET name = s.name, primary_domain = s.primary_domain, health_rank = s.health_rank,
       open_service_requests = s.open_service_requests, licences = s.licences, next_expiry = s.next_expiry,
       customer_count = s.customer_count
  FROM organization_summaries s
 WHERE s.organization_id = a.organization_id AND a.viewer_id <> a.organization_id;
--> statement-breakpoint
CREATE INDEX organization_access_name_idx ON organization_access (viewer_id, organization_kind, name, organization_id);
--> statement-breakpoint
CREATE INDEX organization_access_domain_idx
  ON organization_access (viewer_id, organization_kind, primary_domain, organization_id);
--> statement-breakpoint
CREATE INDEX organization_access_health_idx
  ON organization_access (viewer_id, organization_kind, health_rank, name, organization_id);
--> statement-breakpoint
CREATE INDEX organization_access_requests_idx
  ON organization_access (viewer_id, organization_kind, open_service_requests, name, organization_id);
--> statement-breakpoint
CREATE INDEX organization_access_licences_idx
  ON organization_access (viewer_id, organization_kind, licences, name, organization_id);
--> statement-breakpoint
CREATE INDEX organization_access_expiry_idx
  ON organization_access (viewer_id, organization_kind, next_expiry, name, organization_id);
--> statement-breakpoint
-- Only partners and distributors have customers to count.
CREATE INDEX organization_access_customers_idx
  ON organization_access (viewer_id, organization_kind, customer_count, name, organization_id)
  WHERE organization_kind <> 'customer';
--> statement-breakpoint
-- The summaries' own sort indexes served those walks and nothing else.
DROP INDEX organization_summaries_name_idx;
--> statement-breakpoint
DROP INDEX organization_summaries_domain_idx;
--> statement-breakpoint
DROP INDEX organization_summaries_health_idx;
--> statement-breakpoint
DROP INDEX organization_summaries_requests_idx;
--> statement-breakpoint
DROP INDEX organization_summaries_licences_idx;
--> statement-breakpoint
DROP INDEX organization_summaries_expiry_idx;
--> statement-breakpoint
DROP INDEX organization_summaries_customers_idx;
--> statement-breakpoint
-- A summary's sort keys reach its access rows in the statement that changed them.
CREATE FUNCTION relais_summaries_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE organization_access a
     SET name = n.name, primary_domain = n.primary_domain, health_rank = n.health_rank,
         open_service_requests = n.open_service_requests, licences = n.licences, next_expiry = n.next_expiry,
         customer_count = n.customer_count
    FROM new_rows n
   WHERE a.organization_id = n.organization_id AND a.viewer_id <> a.organization_id
     AND (a.name, a.primary_domain, a.health_rank, a.open_service_requests, a.licences, a.next_expiry,
          a.customer_count)
         IS DISTINCT FROM (n.name, n.primary_domain, n.health_rank, n.open_service_requests, n.licences,
                           n.next_expiry, n.customer_count);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER organization_summaries_updated AFTER UPDATE ON organization_summaries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_summaries_changed();
--> statement-breakpoint
-- New access rows take the keys from the summary (every organisation has one from its insert on, see
-- relais_organizations_changed), but a viewer's own row.
CREATE OR REPLACE FUNCTION relais_refresh_access(viewers uuid[], orgs uuid[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
  INSERT INTO organization_access (viewer_id, organization_id, organization_kind, ends_at, name, primary_domain,
                                   health_rank, open_service_requests, licences, next_expiry, customer_count)
  SELECT b.v, b.o, o.kind, b.ends_at, coalesce(s.name, ''), coalesce(s.primary_domain, ''),
         coalesce(s.health_rank, 0), coalesce(s.open_service_requests, 0), coalesce(s.licences, 0),
         coalesce(s.next_expiry, 'infinity'), coalesce(s.customer_count, 0)
    FROM best b JOIN organizations o ON o.id = b.o
    LEFT JOIN organization_summaries s ON s.organization_id = b.o AND b.v <> b.o
  ON CONFLICT (viewer_id, organization_id) DO UPDATE
    SET ends_at = excluded.ends_at, organization_kind = excluded.organization_kind
    WHERE organization_access.ends_at IS DISTINCT FROM excluded.ends_at
$$;
--> statement-breakpoint
-- How many rows each viewer has, by kind and health: a ledger of changes, appended to by the statements that change
-- organization_access and compacted by the worker (relais_compact_access_counts), so that no two transactions wait on one
-- counter row. A list's total is the ledger's sum less the rows whose time has run out (ends_at, by the clock) but
-- that the expiry task has not removed yet — an index range of a few rows. A viewer's own row is left out.
CREATE TABLE organization_access_counts (
  viewer_id uuid NOT NULL,
  organization_kind text NOT NULL,
  health_rank smallint NOT NULL,
  n integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX organization_access_counts_viewer_idx
  ON organization_access_counts (viewer_id, organization_kind, health_rank) INCLUDE (n);
--> statement-breakpoint
ALTER TABLE organization_access_counts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organization_access_counts_own ON organization_access_counts FOR SELECT TO relais_app
  USING (viewer_id = relais_actor_org());
--> statement-breakpoint
INSERT INTO organization_access_counts (viewer_id, organization_kind, health_rank, n)
SELECT viewer_id, organization_kind, health_rank, count(*)::int FROM organization_access
 WHERE viewer_id <> organization_id
 GROUP BY viewer_id, organization_kind, health_rank;
--> statement-breakpoint
CREATE FUNCTION relais_access_counted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO organization_access_counts (viewer_id, organization_kind, health_rank, n)
    SELECT viewer_id, organization_kind, health_rank, count(*)::int FROM new_rows
     WHERE viewer_id <> organization_id
     GROUP BY viewer_id, organization_kind, health_rank;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO organization_access_counts (viewer_id, organization_kind, health_rank, n)
    SELECT viewer_id, organization_kind, health_rank, -count(*)::int FROM old_rows
     WHERE viewer_id <> organization_id
     GROUP BY viewer_id, organization_kind, health_rank;
  ELSE
    INSERT INTO organization_access_counts (viewer_id, organization_kind, health_rank, n)
    SELECT viewer_id, organization_kind, health_rank, sum(d)::int
      FROM (SELECT viewer_id, organization_kind, health_rank, 1 AS d FROM new_rows WHERE viewer_id <> organization_id
            UNION ALL
            SELECT viewer_id, organization_kind, health_rank, -1 FROM old_rows WHERE viewer_id <> organization_id) x
     GROUP BY viewer_id, organization_kind, health_rank
    HAVING sum(d) <> 0;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER organization_access_inserted AFTER INSERT ON organization_access
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_access_counted();
--> statement-breakpoint
CREATE TRIGGER organization_access_deleted AFTER DELETE ON organization_access
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_access_counted();
--> statement-breakpoint
CREATE TRIGGER organization_access_updated AFTER UPDATE ON organization_access
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_access_counted();
--> statement-breakpoint
-- Compacts each viewer's ledger rows into one per kind and health (dropping those that sum to zero); returns how many
-- rows it removed. Rows appended meanwhile by other transactions are not in this statement's snapshot and stay.
CREATE FUNCTION relais_compact_access_counts() RETURNS integer
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH many AS (
    SELECT viewer_id, organization_kind, health_rank FROM organization_access_counts
     GROUP BY viewer_id, organization_kind, health_rank HAVING count(*) > 1 OR sum(n) = 0
  ),
  gone AS (
    DELETE FROM organization_access_counts c USING many m
     WHERE c.viewer_id = m.viewer_id AND c.organization_kind = m.organization_kind AND c.health_rank = m.health_rank
    RETURNING c.viewer_id, c.organization_kind, c.health_rank, c.n
  ),
  kept AS (
    INSERT INTO organization_access_counts (viewer_id, organization_kind, health_rank, n)
    SELECT viewer_id, organization_kind, health_rank, sum(n)::int FROM gone
     GROUP BY viewer_id, organization_kind, health_rank HAVING sum(n) <> 0
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM gone)::int - (SELECT count(*) FROM kept)::int
$$;
--> statement-breakpoint
-- The same clock, written so that a comparison with it can bound an index scan under row-level security. The planner
-- lets only leak-proof conditions run before a policy, and it judges a COALESCE leaky whatever it holds (it does not
-- look inside one), so `ends_at <= relais_now()` was a filter on every row of the range instead of its end: counting
-- a distributor's 3 expired rows read its 50,000. A CASE it looks into, and finds nothing there that reads a row.
CREATE OR REPLACE FUNCTION relais_now() RETURNS timestamptz
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN nullif(current_setting('relais.now', true), '') IS NULL THEN now()
              ELSE current_setting('relais.now', true)::timestamptz END
$$;
