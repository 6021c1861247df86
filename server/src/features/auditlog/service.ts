import type { ServiceContext } from '../../platform/http/service-context.ts';
import * as repo from './repository.ts';
import type { AuditLogQuery } from './schemas.ts';

/**
 * One page of the audit trail of the actor's own organisation, newest first, filtered by action (or an action prefix
 * ending in .), target type, who acted and when. The cursor is the last event's id; any other key starts over.
 */
export function listAuditLog(
  { actor, tx }: ServiceContext,
  input: Omit<AuditLogQuery, 'size' | 'cursor'> & { size: number; after: unknown[] | null },
) {
  const [beforeId] = input.after ?? [null];
  return repo.listOwnOrganization(tx, actor, {
    action: input.action,
    targetType: input.targetType,
    actorId: input.actorId,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
    beforeId: typeof beforeId === 'string' && /^\d+$/.test(beforeId) ? beforeId : null,
    limit: input.size,
  });
}
