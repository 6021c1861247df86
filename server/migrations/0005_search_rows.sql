-- Search returns whole summary rows, not ids. With ids, the list query joined them back to organization_summaries,
-- where row-level security probed organization_access once more per match and the sort waited for it: ~25 ms of a
-- 1,250-match search out of ~45. The function already applies the actor's visibility (the same rule as the policy),
-- so the caller sorts, pages and counts its output directly. SECURITY DEFINER for the reason given in 0003: under
-- row-level security LIKE could not use the trigram index.
CREATE FUNCTION relais_search_summaries(org_kind text, term text) RETURNS SETOF organization_summaries
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 500 AS $$
  SELECT s.*
    FROM organization_summaries s
    JOIN organization_access a ON a.organization_id = s.organization_id
   WHERE a.viewer_id = relais_actor_org() AND a.ends_at > relais_now()
     AND s.kind = org_kind
     AND s.search_key LIKE '%' || replace(replace(replace(relais_fold(term), '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;
--> statement-breakpoint
DROP FUNCTION relais_search_organizations(text, text);
