-- The reseller and delegated-admin triggers were twins (relais_reseller_changed, relais_delegated_admin_changed):
-- one function now serves both tables. A link (a, b) is a reseller link's (distributor, partner) or a delegated-admin
-- link's (provider, customer); the pairs whose access may change are the link's own and those reached through the
-- other kind of link. organization_access is checked against a recomputation by platform/db/access-recompute.test.ts.
CREATE FUNCTION relais_relationship_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  reseller boolean := TG_TABLE_NAME = 'reseller_relationships';
  link text := CASE WHEN TG_TABLE_NAME = 'reseller_relationships' THEN 'distributor_id, partner_id'
                    ELSE 'provider_id, customer_id' END;
  changed text := CASE TG_OP WHEN 'INSERT' THEN 'SELECT %1$s FROM new_rows'
                             WHEN 'DELETE' THEN 'SELECT %1$s FROM old_rows'
                             ELSE 'SELECT %1$s FROM new_rows UNION SELECT %1$s FROM old_rows' END;
  la uuid[];
  lb uuid[];
  viewers uuid[];
  orgs uuid[];
BEGIN
  PERFORM relais_lock_graph();
  EXECUTE format('SELECT array_agg(x.a), array_agg(x.b) FROM (' || changed || ') AS x(a, b)', link) INTO la, lb;
  SELECT array_agg(x.v), array_agg(x.o) INTO viewers, orgs FROM (
    SELECT l.a AS v, l.b AS o FROM unnest(la, lb) AS l(a, b)
    UNION
    -- a distributor sees the customers its partner holds delegated admin over
    SELECT l.a, d.customer_id FROM unnest(la, lb) AS l(a, b)
      JOIN delegated_admin_relationships d ON d.provider_id = l.b
     WHERE reseller
    UNION
    -- and the partner's distributors see the customer of the partner's delegated-admin link
    SELECT r.distributor_id, l.b FROM unnest(la, lb) AS l(a, b)
      JOIN reseller_relationships r ON r.partner_id = l.a
     WHERE NOT reseller
  ) x;
  PERFORM relais_refresh_access(viewers, orgs);
  -- The sums of those whose view changed: a reseller link's distributors, every viewer of a delegated-admin link.
  PERFORM relais_queue_aggregates(CASE WHEN reseller THEN la ELSE viewers END);
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER reseller_relationships_inserted ON reseller_relationships;
--> statement-breakpoint
DROP TRIGGER reseller_relationships_updated ON reseller_relationships;
--> statement-breakpoint
DROP TRIGGER reseller_relationships_deleted ON reseller_relationships;
--> statement-breakpoint
DROP TRIGGER delegated_admin_relationships_inserted ON delegated_admin_relationships;
--> statement-breakpoint
DROP TRIGGER delegated_admin_relationships_updated ON delegated_admin_relationships;
--> statement-breakpoint
DROP TRIGGER delegated_admin_relationships_deleted ON delegated_admin_relationships;
--> statement-breakpoint
DROP FUNCTION relais_reseller_changed();
--> statement-breakpoint
DROP FUNCTION relais_delegated_admin_changed();
--> statement-breakpoint
CREATE TRIGGER reseller_relationships_inserted AFTER INSERT ON reseller_relationships
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_relationship_changed();
--> statement-breakpoint
CREATE TRIGGER reseller_relationships_updated AFTER UPDATE ON reseller_relationships
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_relationship_changed();
--> statement-breakpoint
CREATE TRIGGER reseller_relationships_deleted AFTER DELETE ON reseller_relationships
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_relationship_changed();
--> statement-breakpoint
CREATE TRIGGER delegated_admin_relationships_inserted AFTER INSERT ON delegated_admin_relationships
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_relationship_changed();
--> statement-breakpoint
CREATE TRIGGER delegated_admin_relationships_updated AFTER UPDATE ON delegated_admin_relationships
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_relationship_changed();
--> statement-breakpoint
CREATE TRIGGER delegated_admin_relationships_deleted AFTER DELETE ON delegated_admin_relationships
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION relais_relationship_changed();
