import { expect, test } from 'vitest';
import type { Tx } from '../db/client.ts';
import { EVENT_ACTIONS } from './catalogue.ts';
import { recordEvent } from './record.ts';

/**
 * The catalogue's types are the contract of recordEvent: `npm run typecheck` fails if any line marked
 * @ts-expect-error below stops being an error — an unknown action, a missing or wrong payload would then compile.
 * The function is never run; the test only checks that it exists alongside the catalogue it types.
 */
function recordings(tx: Tx) {
  const context = { actor: null };
  const target = { type: 'api_token', id: '00000000-0000-4000-8000-000000000000' };
  return [
    recordEvent(tx, context, {
      action: 'token.created',
      organizationId: 'o',
      target,
      changes: { name: 'ci', expiresAt: null },
    }),
    recordEvent(tx, context, { action: 'token.revoked', organizationId: 'o', target }),
    // @ts-expect-error an action that is not in the catalogue
    recordEvent(tx, context, { action: 'token.stolen', organizationId: 'o', target }),
    // @ts-expect-error token.created needs its payload
    recordEvent(tx, context, { action: 'token.created', organizationId: 'o', target }),
    recordEvent(tx, context, {
      action: 'token.created',
      organizationId: 'o',
      target,
      // @ts-expect-error a payload of the wrong shape
      changes: { name: 42, expiresAt: null },
    }),
    // @ts-expect-error a payload on an action that records none
    recordEvent(tx, context, { action: 'token.revoked', organizationId: 'o', target, changes: { reason: 'x' } }),
    recordEvent(tx, context, {
      action: 'subscription.updated',
      organizationId: 'o',
      target,
      // @ts-expect-error a status a subscription cannot have
      changes: { status: { from: 'active', to: 'deleted' } },
    }),
  ];
}

test('the typed recordings above compile against the catalogue they type', () => {
  expect(typeof recordings).toBe('function');
  expect(EVENT_ACTIONS).toContain('token.created');
});
