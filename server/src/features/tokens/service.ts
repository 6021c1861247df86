import { newSecret, sha256 } from '../../platform/auth/passwords.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import * as repo from './repository.ts';
import type { CreateApiTokenBody } from './schemas.ts';

export const TOKEN_PREFIX = 'rls_';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The caller's own tokens that still work. */
export function listTokens({ actor, tx }: ServiceContext) {
  return repo.listActive(tx, actor.userId);
}

/** Creates a personal API token; the secret is returned once and only its hash is kept. */
export async function createToken({ actor, now, tx, events }: ServiceContext, input: CreateApiTokenBody) {
  const secret = newSecret(TOKEN_PREFIX);
  const row = await repo.insert(tx, {
    userId: actor.userId,
    name: input.name.trim(),
    prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    tokenHash: sha256(secret),
    createdAt: now,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
  });
  await recordEvent(tx, events, {
    action: 'token.created',
    organizationId: actor.organizationId,
    target: { type: 'api_token', id: row.id, label: row.name },
    changes: { name: row.name, expiresAt: row.expiresAt?.toISOString() ?? null },
  });
  return { row, secret };
}

/** Revokes one of the caller's tokens: it stops working at once (404 for another's). */
export async function revokeToken({ actor, now, tx, events }: ServiceContext, input: { id: string }) {
  const row = await repo.revoke(tx, actor.userId, input.id, now);
  if (!row) throw notFound();
  await recordEvent(tx, events, {
    action: 'token.revoked',
    organizationId: actor.organizationId,
    target: { type: 'api_token', id: row.id, label: row.name },
  });
}
