import type { Actor } from '../../core/tenancy/actor.ts';
import type { OperatorRow } from './repository.ts';
import type { Operator } from './schemas.ts';

export function presentOperator(row: OperatorRow, actor: Actor, now: Date): Operator {
  const pending = row.status === 'pending';
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    roles: row.roles,
    status: pending ? 'pending' : 'active',
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    invitation:
      pending && row.invitation
        ? {
            expiresAt: row.invitation.expiresAt.toISOString(),
            lastSentAt: row.invitation.lastSentAt.toISOString(),
            sendCount: row.invitation.sendCount,
            expired: row.invitation.expiresAt.getTime() <= now.getTime(),
          }
        : null,
    isSelf: row.id === actor.userId,
  };
}
