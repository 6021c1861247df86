import type { listOwnOrganization } from './repository.ts';
import type { AuditEntry } from './schemas.ts';

type Row = Awaited<ReturnType<typeof listOwnOrganization>>['rows'][number];

/** One line of the audit log: the event, and who caused it when they are still known. */
export function presentEntry(row: Row): AuditEntry {
  return {
    id: String(row.id),
    occurredAt: row.occurredAt.toISOString(),
    action: row.action,
    actor:
      row.actorId && row.actorEmail
        ? { id: row.actorId, email: row.actorEmail, displayName: row.actorName ?? '' }
        : null,
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    changes: row.changes ?? null,
  };
}
