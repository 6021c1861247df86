import type { Actor } from '../../core/tenancy/actor.ts';
import type { Tx } from '../../platform/db/client.ts';
import { newSecret, sha256 } from '../../platform/auth/passwords.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { recordEvent, type EventContext } from '../../platform/events/record.ts';
import * as repo from './repository.ts';
import type { CreateApiTokenBody } from './schemas.ts';

export const TOKEN_PREFIX = 'rls_';
const DAY_MS = 24 * 60 * 60 * 1000;

export function listTokens(actor: Actor, tx: Tx) {
  return repo.listActive(tx, actor.userId);
}

/** Creates a personal API token; the secret is returned once and only its hash is kept. */
export async function createToken(actor: Actor, input: CreateApiTokenBody, context: EventContext, now: Date, tx: Tx) {
  const secret = newSecret(TOKEN_PREFIX);
  const row = await repo.insert(tx, {
    userId: actor.userId,
    name: input.name.trim(),
    prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    tokenHash: sha256(secret),
    createdAt: now,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
  });
  await recordEvent(tx, context, {
    action: 'token.created',
    organizationId: actor.organizationId,
    target: { type: 'api_token', id: row.id, label: row.name },
    changes: { name: row.name, expiresAt: row.expiresAt?.toISOString() ?? null },
  });
  return { row, secret };
}

export async function revokeToken(actor: Actor, id: string, context: EventContext, now: Date, tx: Tx) {
  const row = await repo.revoke(tx, actor.userId, id, now);
  if (!row) throw notFound();
  await recordEvent(tx, context, {
    action: 'token.revoked',
    organizationId: actor.organizationId,
    target: { type: 'api_token', id: row.id, label: row.name },
  });
}
