-- The names of the sales channel (vendor, distributors, partners) are not secret between its members: a partner must
-- read the name of the distributor that bills its customers' subscriptions, a customer the name of its support
-- contact. Customers' names stay behind visibility. Returns only the channel organisations among the given ids.
CREATE FUNCTION relais_channel_names(ids uuid[]) RETURNS TABLE (id uuid, kind text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.id, o.kind, o.name FROM organizations o
   WHERE o.id = ANY(ids) AND o.kind IN ('vendor', 'distributor', 'partner') AND relais_actor_org() IS NOT NULL
$$;
