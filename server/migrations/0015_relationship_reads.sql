-- Three reads a delegated-admin request needs across organisations, now made inside the actor's one transaction
-- (they ran in a second, system transaction before). Row-level security shows a provider no customer it does not
-- hold yet, and neither side's users nor, until approval, the other side; each function answers one narrow question.
--
-- A customer by its primary domain (lower-cased by the caller), for a partner or distributor asking it for access.
-- The service never shows the answer: the request is accepted (202) whether a customer has the domain or not.
CREATE FUNCTION relais_customer_by_domain(domain text)
RETURNS TABLE (id uuid, name text, primary_domain text, language text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.id, o.name, o.primary_domain, o.language FROM organizations o
   WHERE lower(o.primary_domain) = domain AND o.kind = 'customer'
     AND coalesce(current_setting('relais.actor_kind', true), '') IN ('partner', 'distributor')
$$;
--> statement-breakpoint
-- The active Admins of a customer, who are mailed the request: only once the actor's organisation has a pending
-- request to that customer, so the addresses go nowhere else.
CREATE FUNCTION relais_request_recipients(customer uuid) RETURNS TABLE (email text, language text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.email, u.language FROM users u
   WHERE u.organization_id = customer AND u.status = 'active' AND 'admin' = ANY(u.roles)
     AND EXISTS (SELECT 1 FROM delegated_admin_relationships d
                  WHERE d.customer_id = customer AND d.provider_id = relais_actor_org() AND d.status = 'pending')
$$;
--> statement-breakpoint
-- Names of the actor's organisation and of the organisations it has a delegated-admin relationship with, in either
-- direction and whatever its state: each side of a relationship is listed with the other's name (the provider sees
-- the customer's only once approved, which the presenter decides).
CREATE FUNCTION relais_relationship_parties(ids uuid[])
RETURNS TABLE (id uuid, kind text, name text, primary_domain text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.id, o.kind, o.name, o.primary_domain FROM organizations o
   WHERE o.id = ANY(ids)
     AND (o.id = relais_actor_org()
          OR EXISTS (SELECT 1 FROM delegated_admin_relationships d
                      WHERE d.customer_id = o.id AND d.provider_id = relais_actor_org())
          OR EXISTS (SELECT 1 FROM delegated_admin_relationships d
                      WHERE d.customer_id = relais_actor_org() AND d.provider_id = o.id))
$$;
