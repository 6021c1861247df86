import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { afterCurrent, freshDatabase } from '../../../test/databases.ts';
import type { RawQuery } from './client.ts';

/**
 * organization_access is maintained by statement triggers on the graph's tables (migration 0003): each change
 * recomputes the pairs it touches. This property test applies random sequences of graph changes — new organisations,
 * reseller and delegated-admin relationships created, moved between states, re-dated and deleted, one row or many
 * per statement — and after every statement compares the maintained table with the visibility rule of DESIGN §2
 * computed from scratch, here in TypeScript, from the graph as it stands. Since migration 0016 it also checks that
 * every access row carries its summary's sort keys and that the ledger of counts sums to the rows it counts.
 */

const { database, drop } = await freshDatabase();
afterCurrent(drop);

type Kind = 'vendor' | 'distributor' | 'partner' | 'customer';
const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');

/** Picks are indices reduced modulo the list at run time, so that any shrunk sequence still means something. */
type Command =
  | { op: 'org'; kind: Exclude<Kind, 'vendor'> }
  | { op: 'reseller'; d: number; p: number; status: 'pending' | 'active' | 'terminated' }
  | { op: 'resellerStatus'; r: number; status: 'pending' | 'active' | 'terminated' }
  | { op: 'terminatePartner'; p: number }
  | { op: 'resellerDelete'; r: number }
  | {
      op: 'delegate';
      provider: number;
      c: number;
      status: 'pending' | 'active' | 'declined' | 'terminated';
      days: number;
    }
  | { op: 'delegateStatus'; g: number; status: 'pending' | 'active' | 'declined' | 'terminated'; days: number }
  | { op: 'extendProvider'; provider: number; days: number }
  | { op: 'delegateDelete'; g: number }
  // The read model's side (migration 0016): a summary's figures or an organisation's name change, many at once or one;
  // the worker compacts the ledger of counts.
  | { op: 'figures'; o: number; health: number; licences: number; many: boolean }
  | { op: 'rename'; o: number }
  | { op: 'compact' };

// Active links are what visibility is made of: drawn more often than the other states.
const resellerStatus = fc.constantFrom('active' as const, 'active' as const, 'pending' as const, 'terminated' as const);
const delegateStatus = fc.constantFrom(
  'active' as const,
  'active' as const,
  'pending' as const,
  'active' as const,
  'declined' as const,
  'terminated' as const,
);
const pick = fc.nat({ max: 50 });
const days = fc.integer({ min: -40, max: 400 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    op: fc.constant('org' as const),
    kind: fc.constantFrom('distributor' as const, 'partner' as const, 'customer' as const),
  }),
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('reseller' as const), d: pick, p: pick, status: resellerStatus }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('resellerStatus' as const), r: pick, status: resellerStatus }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('terminatePartner' as const), p: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('resellerDelete' as const), r: pick }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('delegate' as const),
      provider: pick,
      c: pick,
      status: delegateStatus,
      days,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('delegateStatus' as const), g: pick, status: delegateStatus, days }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('extendProvider' as const), provider: pick, days }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delegateDelete' as const), g: pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('figures' as const),
      o: pick,
      health: fc.integer({ min: 0, max: 2 }),
      licences: fc.nat({ max: 500 }),
      many: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rename' as const), o: pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('compact' as const) }) },
);

const at = <T>(list: T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);
const endsAt = (d: number) => new Date(NOW + d * DAY).toISOString();

// ends_at as comparable text: 'infinity' sorts after every ISO date.
const ENDS = `CASE WHEN ends_at = 'infinity' THEN 'infinity'
  ELSE to_char(ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END`;
const later = (a: string, b: string) => (a === 'infinity' || (b !== 'infinity' && a > b) ? a : b);

async function insertOrganization(query: RawQuery, kind: Kind): Promise<string> {
  const id = randomUUID();
  const domain = `${kind}-${id.slice(0, 8)}.example`;
  await query(
    `INSERT INTO organizations (id, kind, name, primary_domain, verified_domains, address_line1, city, postal_code,
       country, language) VALUES ($1, $2, $3, $4, ARRAY[$4], '1 test street', 'Testville', '00000', 'FR', 'fr')`,
    [id, kind, `${kind} ${id.slice(0, 8)}`, domain],
  );
  return id;
}

/** DESIGN §2, from scratch: itself; the vendor everything; a distributor its active partners, the customers it or
 * its active partners hold active delegated admin over; a partner its active delegated customers — the latest end. */
async function recomputed(query: RawQuery): Promise<string[]> {
  const orgs = (await query('SELECT id, kind FROM organizations')).rows as { id: string; kind: Kind }[];
  const resellers = (
    await query(`SELECT distributor_id AS d, partner_id AS p FROM reseller_relationships
     WHERE status = 'active'`)
  ).rows as { d: string; p: string }[];
  const delegated = (
    await query(`SELECT provider_id AS provider, customer_id AS c, ${ENDS} AS ends
     FROM delegated_admin_relationships WHERE status = 'active'`)
  ).rows as { provider: string; c: string; ends: string }[];
  const access = new Map<string, string>();
  const grant = (viewer: string, org: string, ends: string) => {
    const key = `${viewer}→${org}`;
    const known = access.get(key);
    access.set(key, known === undefined ? ends : later(known, ends));
  };
  const kindOf = new Map(orgs.map((o) => [o.id, o.kind]));
  for (const o of orgs) grant(o.id, o.id, 'infinity');
  for (const v of orgs.filter((o) => o.kind === 'vendor')) for (const o of orgs) grant(v.id, o.id, 'infinity');
  for (const r of resellers) grant(r.d, r.p, 'infinity');
  for (const g of delegated) {
    grant(g.provider, g.c, g.ends);
    for (const r of resellers.filter((x) => x.p === g.provider)) grant(r.d, g.c, g.ends);
  }
  return [...access].map(([key, ends]) => `${key} ${kindOf.get(key.split('→')[1] ?? '')} ${ends}`).sort();
}

async function maintained(query: RawQuery): Promise<string[]> {
  const rows = (
    await query(`SELECT viewer_id || '→' || organization_id || ' ' || organization_kind || ' ' || ${ENDS}
     AS line FROM organization_access`)
  ).rows as { line: string }[];
  return rows.map((r) => r.line).sort();
}

/** Access rows whose copies of the sort keys differ from their organisation's summary: none, ever (a viewer's own
 * row, in none of its lists, carries none). */
async function staleCopies(query: RawQuery): Promise<string[]> {
  const rows = (
    await query(`SELECT a.viewer_id || '→' || a.organization_id AS line
       FROM organization_access a JOIN organization_summaries s ON s.organization_id = a.organization_id
      WHERE a.viewer_id <> a.organization_id
        AND (a.name, a.primary_domain, a.health_rank, a.open_service_requests, a.licences, a.next_expiry,
             a.customer_count)
            IS DISTINCT FROM (s.name, s.primary_domain, s.health_rank, s.open_service_requests, s.licences,
                              s.next_expiry, s.customer_count)`)
  ).rows as { line: string }[];
  return rows.map((r) => r.line);
}

/** The ledger's sums and the rows they count (a viewer's own row aside), by viewer, kind and health. */
async function countsAndRows(query: RawQuery): Promise<[string[], string[]]> {
  const lines = async (sql: string) => ((await query(sql)).rows as { line: string }[]).map((r) => r.line).sort();
  return [
    await lines(`SELECT viewer_id || ' ' || organization_kind || ' ' || health_rank || ' ' || sum(n) AS line
       FROM organization_access_counts GROUP BY viewer_id, organization_kind, health_rank HAVING sum(n) <> 0`),
    await lines(`SELECT viewer_id || ' ' || organization_kind || ' ' || health_rank || ' ' || count(*) AS line
       FROM organization_access WHERE viewer_id <> organization_id
      GROUP BY viewer_id, organization_kind, health_rank`),
  ];
}

async function apply(query: RawQuery, c: Command): Promise<void> {
  const ids = async (sql: string) => ((await query(sql)).rows as { id: string }[]).map((r) => r.id);
  const distributors = await ids("SELECT id FROM organizations WHERE kind = 'distributor' ORDER BY id");
  const partners = await ids("SELECT id FROM organizations WHERE kind = 'partner' ORDER BY id");
  const customers = await ids("SELECT id FROM organizations WHERE kind = 'customer' ORDER BY id");
  const providers = [...distributors, ...partners];
  const resellers = await ids('SELECT id FROM reseller_relationships ORDER BY id');
  const grants = await ids('SELECT id FROM delegated_admin_relationships ORDER BY id');
  switch (c.op) {
    case 'org':
      await insertOrganization(query, c.kind);
      return;
    case 'reseller': {
      const d = at(distributors, c.d);
      const p = at(partners, c.p);
      if (!d || !p) return;
      const open = await query(
        `SELECT 1 FROM reseller_relationships WHERE distributor_id = $1 AND partner_id = $2
         AND status <> 'terminated'`,
        [d, p],
      );
      if (open.rows.length > 0 && c.status !== 'terminated') return; // one open link per pair (unique index)
      await query(
        `INSERT INTO reseller_relationships (distributor_id, partner_id, status, requested_by)
         VALUES ($1, $2, $3, 'distributor')`,
        [d, p, c.status],
      );
      return;
    }
    case 'resellerStatus': {
      const r = at(resellers, c.r);
      if (!r) return;
      const clash = await query(
        `SELECT 1 FROM reseller_relationships a JOIN reseller_relationships b
         ON a.distributor_id = b.distributor_id AND a.partner_id = b.partner_id AND b.id <> a.id
         WHERE a.id = $1 AND b.status <> 'terminated'`,
        [r],
      );
      if (clash.rows.length > 0 && c.status !== 'terminated') return;
      await query('UPDATE reseller_relationships SET status = $2 WHERE id = $1', [r, c.status]);
      return;
    }
    case 'terminatePartner': {
      const p = at(partners, c.p);
      if (p) await query("UPDATE reseller_relationships SET status = 'terminated' WHERE partner_id = $1", [p]);
      return;
    }
    case 'resellerDelete': {
      const r = at(resellers, c.r);
      if (r) await query('DELETE FROM reseller_relationships WHERE id = $1', [r]);
      return;
    }
    case 'delegate': {
      const provider = at(providers, c.provider);
      const customer = at(customers, c.c);
      if (!provider || !customer) return;
      const dated = c.status === 'active' || c.status === 'terminated';
      await query(
        `INSERT INTO delegated_admin_relationships (provider_id, customer_id, roles, duration_days, status,
           starts_at, ends_at) VALUES ($1, $2, ARRAY['admin_agent'], 365, $3, $4, $5)`,
        [provider, customer, c.status, dated ? endsAt(-400) : null, dated ? endsAt(c.days) : null],
      );
      return;
    }
    case 'delegateStatus': {
      const g = at(grants, c.g);
      if (!g) return;
      await query(
        `UPDATE delegated_admin_relationships SET status = $2,
           starts_at = coalesce(starts_at, $3), ends_at = $4 WHERE id = $1`,
        [g, c.status, endsAt(-400), endsAt(c.days)],
      );
      return;
    }
    case 'extendProvider': {
      const provider = at(providers, c.provider);
      if (provider) {
        await query(
          `UPDATE delegated_admin_relationships SET ends_at = $2
           WHERE provider_id = $1 AND ends_at IS NOT NULL`,
          [provider, endsAt(c.days)],
        );
      }
      return;
    }
    case 'delegateDelete': {
      const g = at(grants, c.g);
      if (g) await query('DELETE FROM delegated_admin_relationships WHERE id = $1', [g]);
      return;
    }
    case 'figures': {
      const o = at([...providers, ...customers], c.o);
      if (!o) return;
      await query(
        `UPDATE organization_summaries SET health_rank = $2, licences = $3,
           next_expiry = $4::timestamptz + (licences % 7) * interval '1 day', customer_count = customer_count + 1
         WHERE ${c.many ? 'kind = (SELECT kind FROM organizations WHERE id = $1)' : 'organization_id = $1'}`,
        [o, c.health, c.licences, endsAt(c.licences)],
      );
      return;
    }
    case 'rename': {
      const o = at([...providers, ...customers], c.o);
      if (o) await query("UPDATE organizations SET name = name || ' ' || left(md5(name), 3) WHERE id = $1", [o]);
      return;
    }
    case 'compact':
      await query('SELECT relais_compact_access_counts()');
      return;
  }
}

test('organization_access equals its recomputation from the graph after any sequence of changes, its sort keys equal the summaries and its ledger of counts equals its rows', async () => {
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
      await database.session(async (query) => {
        await query('BEGIN');
        try {
          await insertOrganization(query, 'vendor');
          for (const kind of ['distributor', 'distributor', 'partner', 'partner', 'partner', 'customer'] as const) {
            await insertOrganization(query, kind);
          }
          for (const c of commands) {
            await apply(query, c);
            expect(await maintained(query), JSON.stringify(c)).toEqual(await recomputed(query));
            expect(await staleCopies(query), JSON.stringify(c)).toEqual([]);
            const [counts, rows] = await countsAndRows(query);
            expect(counts, JSON.stringify(c)).toEqual(rows);
            checked++;
          }
        } finally {
          // Every run starts from the same empty graph.
          await query('ROLLBACK');
        }
      });
    }),
    {
      numRuns: 40,
      seed: Number(process.env.PROPERTY_SEED ?? 20261204),
      // Always tried first: a partner's distributor sees the customer the partner then gets delegated admin over.
      examples: [
        [
          [
            { op: 'reseller', d: 0, p: 0, status: 'active' },
            { op: 'delegate', provider: 2, c: 0, status: 'active', days: 30 },
          ],
        ],
      ],
    },
  );
  expect(checked).toBeGreaterThan(100);
});
