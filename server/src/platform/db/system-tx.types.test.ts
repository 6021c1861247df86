import { expect, test } from 'vitest';
import type { ServiceContext } from '../http/service-context.ts';
import { findUserForSignIn } from '../auth/repository.ts';
import type { Db } from './client.ts';
import { unsafeSystemTransaction } from './scope.ts';

/**
 * Repository functions that must run as the owner (row-level security off) take a SystemTx, which only
 * unsafeSystemTransaction and unsafeSystemStatement hand out: `npm run typecheck` fails if a request's scoped
 * transaction can be passed to one (the @ts-expect-error below would stop being an error). Never run.
 */
function attempts(ctx: ServiceContext, db: Db) {
  return [
    // @ts-expect-error a request's transaction (RLS on, as the actor) is not a system one
    findUserForSignIn(ctx.tx, 'someone@example.com'),
    unsafeSystemTransaction(db, (tx) => findUserForSignIn(tx, 'someone@example.com')),
  ];
}

test('system-only repository functions take a system transaction (checked by typecheck)', () => {
  expect(typeof attempts).toBe('function');
});
