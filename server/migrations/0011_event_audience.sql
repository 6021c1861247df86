-- Issue 11 §1: an event belongs to the audit log of the organisation it concerns and of the organisation whose person
-- caused it, and to no other: seeing an organisation in a list is not seeing its security log. The live stream's
-- notices to other organisations are decided by the event hub from the catalogue (platform/events/catalogue.ts),
-- which reads the row as the owner; requests may read only their own audit log's rows.
DROP POLICY events_visible ON events;
--> statement-breakpoint
CREATE POLICY events_visible ON events FOR SELECT TO relais_app
  USING (organization_id = relais_actor_org() OR actor_organization_id = relais_actor_org());
