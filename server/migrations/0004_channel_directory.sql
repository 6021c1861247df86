-- The names of the sales channel (vendor, distributors, partners) are not secret between its members: a partner must
-- read the name of the distributor that bills its customers' subscriptions, a customer the name of its support
-- contact. Customers' names stay behind visibility. Returns only the channel organisations among the given ids.
CREATE FUNCTION relais_channel_names(ids uuid[]) RETURNS TABLE (id uuid, kind text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT o.id, o.kind, o.name FROM organizations o
   WHERE o.id = ANY(ids) AND o.kind IN ('vendor', 'distributor', 'partner') AND relais_actor_org() IS NOT NULL
$$;
--> statement-breakpoint
-- Incidents are public to every signed-in organisation (a status page), so are the events that open and update them:
-- every stream hears of an incident, and each client refreshes what it shows of its customers' health.
DROP POLICY events_visible ON events;
--> statement-breakpoint
CREATE POLICY events_visible ON events FOR SELECT TO relais_app
  USING (actor_organization_id = relais_actor_org() OR relais_can_see(organization_id)
         OR (action IN ('incident.created', 'incident.updated') AND relais_actor_org() IS NOT NULL));
