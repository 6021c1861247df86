import { describe, expect, test } from 'vitest';
import { createCustomer, createOrganization, createPartner, signedInOrganization } from '../../../test/factories.ts';
import { buildTestApp } from '../../../test/helper.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { eq } from 'drizzle-orm';

const { app, database } = await buildTestApp();
const { partner } = await createPartner(database);
const { headers } = await signedInOrganization(app, database, partner);

describe('cursors', () => {
  test('a list sorted by the longest names the API accepts pages on: the next cursor fits the cursor parameter', async () => {
    // 200 characters of 4 UTF-8 bytes each: the longest sort key a name can make.
    for (const mark of ['🚀', '🛰']) {
      const customer = await createCustomer(database, partner);
      await unsafeSystemTransaction(database.db, (tx) =>
        tx
          .update(organizations)
          .set({ name: mark.repeat(200) })
          .where(eq(organizations.id, customer.id)),
      );
    }
    await createOrganization(database, 'customer'); // not the partner's: not in its list
    const first = await app.inject({ method: 'GET', url: '/api/v1/customers?sort=name&size=1', headers });
    expect(first.statusCode, first.body).toBe(200);
    const next = first.json<{ links: { next?: string } }>().links.next;
    expect(next).toBeDefined();
    const cursor = new URL(String(next), 'http://relais.local').searchParams.get('cursor') ?? '';
    expect(cursor.length).toBeGreaterThan(1000);
    const second = await app.inject({ method: 'GET', url: String(next), headers });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json<{ items: unknown[] }>().items).toHaveLength(1);
  });
});
