import { and, desc, eq, gte, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../core/tenancy/actor.ts';
import type { Tx } from '../../platform/db/client.ts';
import { events } from '../../platform/events/tables.ts';
import { users } from '../../core/tenancy/users.ts';

export interface AuditFilter {
  action?: string | undefined;
  targetType?: string | undefined;
  actorId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  beforeId?: string | null;
  limit: number;
}

/** The audit trail of the actor's own organisation: changes to it and changes made by its people, newest first. */
export async function listOwnOrganization(tx: Tx, actor: Actor, filter: AuditFilter) {
  const conditions: (SQL | undefined)[] = [
    or(eq(events.organizationId, actor.organizationId), eq(events.actorOrganizationId, actor.organizationId)),
  ];
  if (filter.action) {
    conditions.push(
      filter.action.endsWith('.')
        ? like(events.action, `${filter.action.replace(/[\\%_]/g, '\\$&')}%`)
        : eq(events.action, filter.action),
    );
  }
  if (filter.targetType) conditions.push(eq(events.targetType, filter.targetType));
  if (filter.actorId) conditions.push(eq(events.actorUserId, filter.actorId));
  if (filter.from) conditions.push(gte(events.occurredAt, filter.from));
  if (filter.to) conditions.push(lt(events.occurredAt, filter.to));
  const where = and(...conditions);
  const page = filter.beforeId ? and(where, sql`${events.id} < ${filter.beforeId}::bigint`) : where;
  const rows = await tx
    .select({
      id: events.id,
      occurredAt: events.occurredAt,
      action: events.action,
      targetType: events.targetType,
      targetId: events.targetId,
      targetLabel: events.targetLabel,
      changes: events.changes,
      actorId: users.id,
      actorEmail: users.email,
      actorName: users.displayName,
    })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorUserId))
    .where(page)
    .orderBy(desc(events.id))
    .limit(filter.limit + 1);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(events)
    .where(where);
  return { rows, totalCount: count?.n ?? 0 };
}
