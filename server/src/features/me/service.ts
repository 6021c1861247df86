import type { Actor } from '../../core/tenancy/actor.ts';
import { pagesFor } from '../../core/tenancy/roles.ts';
import type { Tx } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import { recordEvent } from '../../platform/events/record.ts';
import type { ServiceContext } from '../../platform/http/service-context.ts';
import * as repo from './repository.ts';
import type { Me, UpdateMeBody } from './schemas.ts';

/**
 * The signed-in user, their organisation, roles, permissions and the pages they may open. Takes `(actor, tx)`, not a
 * ServiceContext: the flows that have just created a session (sign-in, invitations, onboarding) answer with it from
 * their own transaction.
 */
async function meOf(actor: Actor, tx: Tx): Promise<Me> {
  const row = await repo.findProfile(tx, actor.userId);
  if (!row) throw notFound();
  return {
    user: { id: row.id, email: row.email, displayName: row.displayName, language: row.language },
    organization: { id: row.orgId, kind: row.orgKind, name: row.orgName, primaryDomain: row.orgDomain },
    roles: actor.roles,
    permissions: [...actor.permissions].sort(),
    pages: pagesFor(actor.organizationKind, actor.permissions),
  };
}

/** GET /me: meOf for the request's actor. */
export function showMe({ actor, tx }: ServiceContext): Promise<Me> {
  return meOf(actor, tx);
}

/** Saves the user's own preferences (for now the language of the UI, e-mails and errors). */
export async function updateMe({ actor, now, tx, events }: ServiceContext, input: UpdateMeBody) {
  const before = await repo.findProfile(tx, actor.userId);
  if (!before) throw notFound();
  if (input.language && input.language !== before.language) {
    await repo.updateLanguage(tx, actor.userId, input.language, now);
    await recordEvent(tx, events, {
      action: 'user.preferences_updated',
      organizationId: actor.organizationId,
      target: { type: 'user', id: actor.userId, label: before.email },
      changes: { language: { from: before.language, to: input.language } },
    });
  }
  return meOf({ ...actor, language: input.language ?? actor.language }, tx);
}
