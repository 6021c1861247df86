-- Every visibility check probes organization_access by (viewer, organisation) and then reads ends_at: the policies'
-- relais_can_see(), the unsearched lists' visibleTo() and the search function's join. With ends_at only in the heap
-- each probe cost an index descent plus a heap visit (4 pages per match: 5,000 of a 1,250-match search's 6,200 page
-- reads). Carrying ends_at in the primary key makes the probe index-only.
ALTER TABLE organization_access DROP CONSTRAINT organization_access_viewer_id_organization_id_pk;
--> statement-breakpoint
ALTER TABLE organization_access ADD CONSTRAINT organization_access_viewer_id_organization_id_pk
  PRIMARY KEY (viewer_id, organization_id) INCLUDE (ends_at);
--> statement-breakpoint
-- The LIKE pattern was an expression of the parameter, so the bitmap heap scan's recheck folded the term again
-- (relais_fold: unaccent + lower) for every candidate row. As a sub-select it is an init plan, computed once.
CREATE OR REPLACE FUNCTION relais_search_summaries(org_kind text, term text) RETURNS SETOF organization_summaries
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 500 AS $$
  SELECT s.*
    FROM organization_summaries s
    JOIN organization_access a ON a.organization_id = s.organization_id
   WHERE a.viewer_id = relais_actor_org() AND a.ends_at > relais_now()
     AND s.kind = org_kind
     AND s.search_key LIKE (SELECT '%' || replace(replace(replace(relais_fold(term), '\', '\\'), '%', '\%'), '_', '\_')
                                   || '%')
$$;
--> statement-breakpoint
-- Does this session still stand for this actor? The read-only list routes authenticate from a short-lived in-process
-- cache of sessions and confirm the session here, in the same statement that opens their scoped transaction, instead
-- of a lookup round trip before it (platform/auth/plugin.ts). Every attribute the cached actor carries is compared,
-- so a session ended, expired or idle, a user disabled or moved, or roles or language changed since, all answer
-- false and the request falls back to a full lookup. SECURITY DEFINER: it runs after the transaction has switched to
-- relais_app, and must not depend on what that role's policies let it see of sessions and users.
CREATE FUNCTION relais_session_holds(session uuid, actor_user uuid, actor_org uuid, actor_roles text[],
                                     actor_language text, at timestamptz, idle_since timestamptz) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id = session AND s.user_id = actor_user AND u.organization_id = actor_org AND u.status = 'active'
       AND s.expires_at > at AND s.last_seen_at > idle_since
       AND u.roles @> actor_roles AND u.roles <@ actor_roles
       AND u.language IS NOT DISTINCT FROM actor_language)
$$;
