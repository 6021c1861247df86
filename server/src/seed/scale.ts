import { SingleBar, Presets } from 'cli-progress';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../platform/db/client.ts';
import { rowsOf } from '../platform/db/client.ts';
import { unsafeSystemTransaction } from '../platform/db/scope.ts';
import { seedSubscriptions } from './demo.ts';

const BATCH = 5000;

/** A PostgreSQL array literal passed as one parameter (drizzle would spread a JS array into a row). */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
const first = [
  'Groupe',
  'Cabinet',
  'Atelier',
  'Maison',
  'Société',
  'Studio',
  'Clinique',
  'Global',
  'United',
  'Northern',
  'Blue',
  'Green',
  'Royal',
  'Saint',
  'Nouvelle',
];
const second = [
  'Martin',
  'Durand',
  'Lefèvre',
  'Moreau',
  'Fontaine',
  'Harbor',
  'Summit',
  'Oakwood',
  'Riverside',
  'Pinecrest',
  'Meridian',
  'Lumière',
  'Étoile',
  'Horizon',
  'Cascade',
  'Beacon',
];
const third = [
  'Conseil',
  'Services',
  'Industries',
  'Logistique',
  'Solutions',
  'Partners',
  'Santé',
  'Finance',
  'Labs',
  'Retail',
  'Energy',
  'Transports',
  'Média',
  'Foods',
  'Systems',
];

/**
 * Adds `count` customers spread over the existing partners and distributors, each with an active delegated-admin
 * relationship, in batches of one INSERT … SELECT generate_series each (fast enough for 100,000 in well under 2 min).
 */
export async function seedScale(
  handle: DatabaseHandle,
  count: number,
  options: { progress?: boolean; now: Date; under?: string | undefined },
): Promise<{ inserted: number }> {
  const run = Date.now().toString(36);
  // Under one distributor (by primary domain): it and its active partners hold the new customers.
  const providers = await handle.db.execute(
    options.under
      ? sql`SELECT array_agg(id) AS ids FROM organizations WHERE primary_domain = ${options.under}
              OR id IN (SELECT r.partner_id FROM reseller_relationships r JOIN organizations d ON d.id = r.distributor_id
                         WHERE d.primary_domain = ${options.under} AND r.status = 'active')`
      : sql`SELECT array_agg(id) AS ids FROM organizations WHERE kind IN ('partner', 'distributor')`,
  );
  const providerIds = rowsOf<{ ids: string[] | null }>(providers)[0]?.ids;
  if (!providerIds?.length) throw new Error('No partner or distributor to attach customers to: seed the demo first.');
  const bar = options.progress
    ? new SingleBar({ format: 'Seeding customers [{bar}] {value}/{total} {eta_formatted}' }, Presets.shades_classic)
    : null;
  bar?.start(count, 0);
  let inserted = 0;
  while (inserted < count) {
    const size = Math.min(BATCH, count - inserted);
    const start = inserted + 1;
    await unsafeSystemTransaction(handle.db, async (tx) => {
      const created = await tx.execute(sql`
        WITH words AS (
          SELECT ${arrayLiteral(first)}::text[] AS a, ${arrayLiteral(second)}::text[] AS b, ${arrayLiteral(third)}::text[] AS c,
                 ${arrayLiteral(providerIds)}::uuid[] AS p
        ), new_customers AS (
          INSERT INTO organizations (kind, name, primary_domain, verified_domains, address_line1, city, postal_code,
                                     country, language, directory_tenant_id, created_at)
          SELECT 'customer',
                 w.a[1 + (i * 7) % cardinality(w.a)] || ' ' || w.b[1 + (i * 13) % cardinality(w.b)] || ' '
                   || w.c[1 + (i * 3) % cardinality(w.c)] || ' ' || i,
                 'c' || i || '-' || ${run} || '.example',
                 ARRAY['c' || i || '-' || ${run} || '.example'],
                 (1 + i % 200) || ' rue du Commerce',
                 (ARRAY['Paris', 'Lyon', 'London', 'Dublin', 'Bruxelles', 'Manchester'])[1 + i % 6],
                 lpad((10000 + i % 89999)::text, 5, '0'),
                 (ARRAY['FR', 'GB', 'IE', 'BE', 'US'])[1 + i % 5],
                 CASE WHEN i % 2 = 0 THEN 'fr' ELSE 'en' END,
                 gen_random_uuid(),
                 ${options.now.toISOString()}::timestamptz - (i % 700) * interval '1 day'
            FROM generate_series(${start}::int, ${start + size - 1}::int) AS i, words w
          RETURNING id, directory_tenant_id
        )
        INSERT INTO delegated_admin_relationships (provider_id, customer_id, roles, duration_days, status, created_at,
                                                   starts_at, ends_at)
        SELECT w.p[1 + floor(random() * cardinality(w.p))::int], n.id, ARRAY['admin_agent'], 730, 'pending',
               ${options.now.toISOString()}::timestamptz - interval '30 days',
               ${options.now.toISOString()}::timestamptz - interval '30 days',
               ${options.now.toISOString()}::timestamptz + (30 + floor(random() * 700)::int) * interval '1 day'
          FROM new_customers n, words w
        RETURNING customer_id AS id`);
      const ids = `{${rowsOf<{ id: string }>(created)
        .map((r) => r.id)
        .join(',')}}`;
      // The relationships are approved once the subscriptions are in: the providers' access rows are then created
      // with the customers' final figures, instead of being created and updated again by the summaries' trigger.
      await seedSubscriptions(tx, options.now, sql`SELECT unnest(${ids}::uuid[])`);
      await tx.execute(sql`UPDATE delegated_admin_relationships SET status = 'active'
                             WHERE customer_id = ANY(${ids}::uuid[]) AND status = 'pending'`);
    });
    // Fresh statistics keep the triggers' plans right while the tables grow by orders of magnitude.
    if (inserted % (BATCH * 4) === 0) {
      await handle.db.execute(
        sql`ANALYZE organizations, delegated_admin_relationships, subscriptions, organization_access, organization_summaries`,
      );
    }
    inserted += size;
    bar?.update(inserted);
  }
  bar?.stop();
  return { inserted };
}
