import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, eq, sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, test } from 'vitest';
import { afterCurrent, freshDatabase, testDatabaseKind } from '../../../test/databases.ts';
import { makeActor } from '../../core/tenancy/actor.ts';
import type { DatabaseHandle, Db } from '../../platform/db/client.ts';
import { linkTokenHash } from '../../platform/auth/link-token.ts';
import { unsafeSystemTransaction, withActor } from '../../platform/db/scope.ts';
import { events } from '../../platform/events/tables.ts';
import { seedDemo } from '../../seed/demo.ts';
import { listOwnOrganization } from '../auditlog/repository.ts';
import { organizations } from '../../core/tenancy/tables.ts';
import { users } from '../../core/tenancy/users.ts';
import {
  formatImportReport,
  ImportFileError,
  importOperators,
  ImportStoppedError,
  importReportCsv,
  parseLegacyExport,
  screenRows,
  type ImportReport,
} from './import.ts';
import { relaisRoleOf } from './legacy-roles.ts';
import { operatorInvitations } from './tables.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = path.join(root, 'bin/relais.mjs');
const samplePath = path.join(root, 'server/test/fixtures/legacy-operators.csv');
const sample = readFileSync(samplePath);
const HEADER = 'email,display name,legacy role,organisation primary domain';
const SECRET = 'import-test-secret-import-test-secret-1';
const DAY = 86_400_000;

describe('reading the export', () => {
  test('the header is matched whatever its case, spacing or column order, after a BOM, with ; as delimiter', () => {
    const { rows } = parseLegacyExport(
      '\uFEFFOrganization_Primary_Domain ; LEGACY ROLE;E-mail;DisplayName;Notes\r\nadatum.example;Invoice;a@adatum.example; Ann ;x\r\n',
    );
    expect(rows).toEqual([
      {
        line: 2,
        email: 'a@adatum.example',
        displayName: 'Ann',
        legacyRole: 'Invoice',
        domain: 'adatum.example',
        fieldCount: 5,
      },
    ]);
  });

  test('a missing column, an empty file or broken quoting is a file error that names the problem', () => {
    expect(() => parseLegacyExport('email,display name,organisation primary domain\na,b,c\n')).toThrow(
      /missing column «legacy role»/,
    );
    expect(() => parseLegacyExport('')).toThrow(ImportFileError);
    expect(() => parseLegacyExport(`${HEADER}\n"a@adatum.example,b,Invoice,adatum.example\n`)).toThrow(/not valid CSV/);
    expect(() => parseLegacyExport(`${HEADER},Email\n`)).toThrow(/«email» appears more than once/);
  });

  test('line numbers are where each row starts, across blank lines and quoted line breaks', () => {
    const { rows } = parseLegacyExport(
      `${HEADER}\n\na@adatum.example,"two\nlines",Invoice,adatum.example\nb@adatum.example,B,Invoice,adatum.example\n`,
    );
    expect(rows.map((r) => [r.line, r.email])).toEqual([
      [3, 'a@adatum.example'],
      [5, 'b@adatum.example'],
    ]);
  });

  test('Invoice becomes Reader and tenant admin, however spelled, Admin; nothing else is guessed', () => {
    for (const name of ['Invoice', 'INVOICE', ' invoice ']) expect(relaisRoleOf(name), name).toBe('reader');
    for (const name of ['Tenant admin', 'TenantAdmin', 'tenant_admin', 'TENANT  ADMIN']) {
      expect(relaisRoleOf(name), name).toBe('admin');
    }
    for (const name of ['Admin', 'Invoices', 'Tenant-admin', 'reader', '', 'constructor', '__proto__']) {
      expect(relaisRoleOf(name), name).toBeNull();
    }
  });

  test('duplicates: same organisation merges the roles into the first row, another organisation is refused', () => {
    const { rows, columnCount } = parseLegacyExport(
      [
        HEADER,
        'x@adatum.example,X,Billing,adatum.example', // unknown role: not the first row of x
        'X@adatum.example,X,Invoice,adatum.example',
        'x@adatum.example,X,Tenant admin,ADATUM.example',
        'x@adatum.example,X,Invoice,litware.example',
      ].join('\n'),
    );
    const { skipped, candidates } = screenRows(rows, columnCount);
    expect(candidates).toMatchObject([{ line: 3, email: 'X@adatum.example', roles: ['admin', 'reader'] }]);
    expect(skipped.map((r) => [r.line, r.code, r.reason])).toEqual([
      [2, 'unknown_role', 'unknown legacy role «Billing»'],
      [4, 'duplicate', 'duplicate of line 3: its role is merged into that line'],
      [5, 'listed_for_another_organization', 'e-mail listed for another organisation on line 3'],
    ]);
  });

  test('a display name is at most 200 characters, as in the API', () => {
    const { rows, columnCount } = parseLegacyExport(
      [
        HEADER,
        `a@adatum.example,${'é'.repeat(200)},Invoice,adatum.example`,
        `b@adatum.example,${'b'.repeat(201)},Invoice,adatum.example`,
      ].join('\n'),
    );
    const { skipped, candidates } = screenRows(rows, columnCount);
    expect(candidates.map((c) => c.email)).toEqual(['a@adatum.example']);
    expect(skipped.map((r) => [r.line, r.code, r.reason])).toEqual([
      [3, 'malformed_row', 'display name longer than 200 characters'],
    ]);
  });
});

// The sample export is checked against the demo organisations plus three cases the demo lacks: a removed operator,
// and an address of a domain that Adatum verified but whose operator belongs to Litware.
const { database, drop } = await freshDatabase();
afterAll(drop);
const now = new Date('2025-03-01T09:00:00Z');
await seedDemo(database, now, { linkSecret: SECRET });
const demo = await unsafeSystemTransaction(database.db, async (tx) => {
  const orgs = await tx.select().from(organizations);
  const byDomain = (d: string) => {
    const found = orgs.find((o) => o.primaryDomain === d);
    if (!found) throw new Error(`no demo organisation ${d}`);
    return found;
  };
  const adatum = byDomain('adatum.example');
  const litware = byDomain('litware.example');
  await tx
    .update(organizations)
    .set({ verifiedDomains: [...adatum.verifiedDomains, 'adatum-group.example'] })
    .where(eq(organizations.id, adatum.id));
  await tx.insert(users).values([
    {
      organizationId: litware.id,
      email: 'former@litware.example',
      displayName: 'Former Operator',
      roles: ['reader'],
      status: 'disabled',
    },
    { organizationId: litware.id, email: 'moved@adatum-group.example', displayName: 'Moved', roles: ['reader'] },
  ]);
  const [adminOfAdatum] = await tx.select().from(users).where(eq(users.email, 'admin@adatum.example'));
  if (!adminOfAdatum) throw new Error('no demo Admin of Adatum');
  return { adatum, litware, fourthCoffee: byDomain('fourthcoffee.example'), adminOfAdatum };
});

/** Everything the import may write, to prove that a run wrote nothing. */
function snapshot() {
  return unsafeSystemTransaction(database.db, async (tx) => ({
    users: await tx.select().from(users).orderBy(asc(users.id)),
    invitations: await tx.select().from(operatorInvitations).orderBy(asc(operatorInvitations.id)),
    events: await tx.select().from(events).orderBy(asc(events.id)),
  }));
}

const run = (options: { dryRun?: boolean; batchSize?: number } = {}) =>
  importOperators(database, parseLegacyExport(sample), { secret: SECRET, now, ...options });

const table = (report: ImportReport) => report.rows.map((r) => [r.line, r.email, r.outcome, r.code, r.reason]);

const removed = 'operator was removed from the portal; re-invite from the Operators page';
const skipsOfTheSample = [
  [6, 'p.durand@adatum.example', 'skipped', 'unknown_role', 'unknown legacy role «Billing manager»'],
  [7, 'someone@globex.example', 'skipped', 'unknown_organization', 'unknown organisation «globex.example»'],
  [
    8,
    'CAMILLE.MARTIN@adatum.example',
    'skipped',
    'duplicate',
    'duplicate of line 2: its role is merged into that line',
  ],
  [
    9,
    'j.doe@litware.example',
    'skipped',
    'listed_for_another_organization',
    'e-mail listed for another organisation on line 3',
  ],
  [
    10,
    'jean.dupont@gmail.com',
    'skipped',
    'consumer_mailbox',
    'consumer mailbox «gmail.com»: operators need a work address',
  ],
  [
    11,
    'eve@contoso-distribution.example',
    'skipped',
    'email_domain_not_verified',
    '«contoso-distribution.example» is not a verified domain of «adatum.example»',
  ],
  [12, 'former@litware.example', 'skipped', 'operator_removed', removed],
  [13, 'not-an-address', 'skipped', 'malformed_email', 'malformed e-mail address'],
  [14, 'moved@adatum-group.example', 'skipped', 'email_taken', 'e-mail belongs to another organisation'],
] as const;
const shortRow = [17, 'short@adatum.example', 'skipped', 'malformed_row', 'expected 4 columns, found 2'] as const;

const firstRun = [
  [2, 'camille.martin@adatum.example', 'created', null, 'pending operator, admin, reader; invitation not sent'],
  [3, 'j.doe@litware.example', 'created', null, 'pending operator, admin; invitation not sent'],
  [4, 'admin@adatum.example', 'unchanged', null, 'already admin'],
  [5, 'reader@adatum.example', 'updated', null, 'added admin (roles now reader, admin)'],
  ...skipsOfTheSample,
  [16, 'siobhan.obrien@fourthcoffee.example', 'created', null, 'pending operator, reader; invitation not sent'],
  shortRow,
];

const secondRun = [
  [2, 'camille.martin@adatum.example', 'unchanged', null, 'already admin, reader'],
  [3, 'j.doe@litware.example', 'unchanged', null, 'already admin'],
  [4, 'admin@adatum.example', 'unchanged', null, 'already admin'],
  [5, 'reader@adatum.example', 'unchanged', null, 'already reader, admin'],
  ...skipsOfTheSample,
  [16, 'siobhan.obrien@fourthcoffee.example', 'unchanged', null, 'already reader'],
  shortRow,
];

// One database goes through the migration as an operator would: dry run, import, import again. The steps run in
// this order (vitest runs a file's tests in sequence) and each states what it starts from.
describe('importing the sample export', () => {
  test('a dry run, in batches of any size, reports what the import will do and writes nothing', async () => {
    const before = await snapshot();
    const dry = await run({ dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(table(dry)).toEqual(firstRun);
    // Duplicates and organisations span batches: three rows per transaction must not change a single outcome.
    expect(table(await run({ dryRun: true, batchSize: 3 }))).toEqual(firstRun);
    expect(await snapshot()).toEqual(before);
  });

  test('the import reports every row of the sample: created, updated, unchanged, and each skip with its reason', async () => {
    const report = await run();
    expect(report.counts).toEqual({ created: 3, updated: 1, unchanged: 1, skipped: 10 });
    expect(table(report)).toEqual(firstRun);
    const text = formatImportReport(report);
    expect(text.split('\n')[0]).toBe('3 created, 1 updated, 1 unchanged, 10 skipped (15 rows).');
    expect(text).toMatch(/\n {3}5 {2}reader@adatum\.example +updated {2}added admin \(roles now reader, admin\)\n/);
    expect(text).toMatch(/\n {2}12 {2}former@litware\.example +skipped {2}operator was removed/);
    expect(text).not.toContain('camille.martin@adatum.example  created');
    const csv = parse<Record<string, string>>(importReportCsv(report), { columns: true });
    expect(csv).toHaveLength(15);
    expect(csv[6]).toEqual({
      line: '8',
      email: 'CAMILLE.MARTIN@adatum.example',
      outcome: 'skipped',
      reason: 'duplicate of line 2: its role is merged into that line',
    });
  });

  test('new operators are pending, in their organisation language, with an unsent 7-day invitation', async () => {
    const created = await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .select({ user: users, invitation: operatorInvitations })
        .from(users)
        .innerJoin(operatorInvitations, eq(operatorInvitations.userId, users.id))
        .where(sql`lower(${users.email}) in ('camille.martin@adatum.example', 'siobhan.obrien@fourthcoffee.example')`)
        .orderBy(asc(users.email)),
    );
    expect(created.map((c) => c.user)).toMatchObject([
      {
        email: 'camille.martin@adatum.example',
        displayName: 'Camille Martin',
        organizationId: demo.adatum.id,
        roles: ['admin', 'reader'],
        status: 'pending',
        passwordHash: null,
        language: 'fr',
      },
      {
        email: 'siobhan.obrien@fourthcoffee.example',
        displayName: "O'Brien, Siobhan",
        organizationId: demo.fourthCoffee.id,
        roles: ['reader'],
        status: 'pending',
        language: demo.fourthCoffee.language,
      },
    ]);
    for (const { user, invitation } of created) {
      expect(invitation).toMatchObject({
        organizationId: user.organizationId,
        invitedByUserId: null,
        language: user.language,
        sendCount: 0,
        acceptedAt: null,
        tokenHash: linkTokenHash(SECRET, invitation.id, 0),
      });
      expect(invitation.expiresAt.getTime()).toBe(now.getTime() + 7 * DAY);
    }
  });

  test("the changes are in the organisation's audit log, recorded by the system", async () => {
    const actor = makeActor({
      userId: demo.adminOfAdatum.id,
      organizationId: demo.adatum.id,
      organizationKind: 'partner',
      roles: ['admin'],
      language: null,
      via: { kind: 'session', id: 'test' },
    });
    const { rows } = await withActor(database.db, { actor }, (tx) =>
      listOwnOrganization(tx, actor, { action: 'operator.', limit: 50 }),
    );
    expect(rows.map((r) => [r.action, r.targetLabel, r.changes])).toEqual([
      [
        'operator.roles_changed',
        'reader@adatum.example',
        { before: ['reader'], after: ['reader', 'admin'], legacyRoles: ['tenant_admin'] },
      ],
      [
        'operator.imported',
        'camille.martin@adatum.example',
        { roles: ['admin', 'reader'], status: 'pending', legacyRoles: ['Invoice', 'Tenant Admin'] },
      ],
    ]);
    const litwareEvents = await unsafeSystemTransaction(database.db, (tx) =>
      tx.select().from(events).where(eq(events.organizationId, demo.litware.id)),
    );
    expect(litwareEvents.map((e) => [e.action, e.targetLabel, e.actorUserId])).toEqual([
      ['operator.imported', 'j.doe@litware.example', null],
    ]);
  });

  test('a second run reports every row unchanged or with the same skip, and writes nothing at all', async () => {
    const before = await snapshot();
    const again = await run();
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 5, skipped: 10 });
    expect(table(again)).toEqual(secondRun);
    expect(await snapshot()).toEqual(before);
  });

  test('roles granted in Relais since are kept: the file only ever adds', async () => {
    await unsafeSystemTransaction(database.db, (tx) =>
      tx
        .update(users)
        .set({ roles: ['helpdesk_agent'] })
        .where(eq(users.email, 'j.doe@litware.example')),
    );
    const report = await run();
    expect(report.rows.find((r) => r.line === 3)).toMatchObject({
      outcome: 'updated',
      reason: 'added admin (roles now helpdesk_agent, admin)',
    });
  });
});

describe('a failure part-way', () => {
  test('stops at the line its batch starts on; the batches before stay imported, and a new run finishes', async () => {
    const file = parseLegacyExport(
      [HEADER, ...[1, 2, 3, 4, 5].map((i) => `resume${i}@litware.example,Resume ${i},Invoice,litware.example`)].join(
        '\n',
      ),
    );
    let transactions = 0;
    // The database goes away at the second transaction.
    const transaction: Db['transaction'] = (fn, config) =>
      ++transactions === 2 ? Promise.reject(new Error('connection lost')) : database.db.transaction(fn, config);
    const failing: DatabaseHandle = {
      ...database,
      db: Object.assign(Object.create(database.db) as Db, { transaction }),
    };

    const stopped = importOperators(failing, file, { secret: SECRET, now, batchSize: 2 });
    await expect(stopped).rejects.toThrow(ImportStoppedError);
    await expect(stopped).rejects.toMatchObject({ line: 4, message: 'import stopped at line 4: connection lost' });

    const finished = await importOperators(database, file, { secret: SECRET, now, batchSize: 2 });
    expect(finished.rows.map((r) => `${r.line} ${r.outcome}`)).toEqual([
      '2 unchanged',
      '3 unchanged',
      '4 created',
      '5 created',
      '6 created',
    ]);
  });
});

// The command itself, as an operator runs it, on its own database (PGlite in a temporary DATA_DIR, or a new
// PostgreSQL database), seeded with the demo by the command too.
describe('relais import-operators', () => {
  async function environment(): Promise<NodeJS.ProcessEnv> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relais-import-'));
    const base = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', CI: '' };
    if (testDatabaseKind === 'pglite') return { ...base, DATABASE_URL: '' };
    const fresh = await freshDatabase({ migrated: false });
    afterCurrent(fresh.drop);
    return { ...base, DATABASE_URL: fresh.url, SESSION_SECRET: 'process-test-secret-process-test-secret' };
  }
  const relais = (env: NodeJS.ProcessEnv, ...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', cwd: root });

  test('exit 1 with nothing written on a bad file, 2 on a bad configuration, 0 with the report otherwise', async () => {
    const env = await environment();
    const dir = env.DATA_DIR ?? '';
    expect(relais(env, 'seed', '--demo').status).toBe(0);

    const badHeader = path.join(dir, 'bad-header.csv');
    // A row of the sample under a wrong header: the import below still creates it (line 2), so nothing was written.
    writeFileSync(
      badHeader,
      'email,display name,role,organisation primary domain\ncamille.martin@adatum.example,C,Invoice,adatum.example\n',
    );
    const refused = relais(env, 'import-operators', badHeader);
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stderr).toContain('missing column «legacy role»');
    expect(refused.stdout).toBe('');
    const unreadable = relais(env, 'import-operators', path.join(dir, 'no-such-file.csv'));
    expect(unreadable.status).toBe(1);
    expect(unreadable.stderr).toContain('cannot read');
    expect(relais({ ...env, LOG_LEVEL: 'loud' }, 'import-operators', samplePath).status).toBe(2);

    const dry = relais(env, 'import-operators', samplePath, '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout.split('\n').slice(0, 2)).toEqual([
      'Dry run: nothing was written. The import would report:',
      '4 created, 1 updated, 1 unchanged, 9 skipped (15 rows).',
    ]);

    const reportPath = path.join(dir, 'report.csv');
    const first = relais(env, 'import-operators', samplePath, '--report', reportPath);
    expect(first.status, first.stderr).toBe(0);
    // The removed operator and Adatum's second domain exist only in the test above; here line 12 is new.
    expect(first.stdout.split('\n')[0]).toBe('4 created, 1 updated, 1 unchanged, 9 skipped (15 rows).');
    expect(first.stdout).toContain('unknown legacy role «Billing manager»');
    const report = parse<Record<string, string>>(readFileSync(reportPath), { columns: true });
    expect(report.map((r) => `${r.line} ${r.outcome}`)).toEqual([
      '2 created',
      '3 created',
      '4 unchanged',
      '5 updated',
      '6 skipped',
      '7 skipped',
      '8 skipped',
      '9 skipped',
      '10 skipped',
      '11 skipped',
      '12 created',
      '13 skipped',
      '14 skipped',
      '16 created',
      '17 skipped',
    ]);

    const second = relais(env, 'import-operators', samplePath);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout.split('\n')[0]).toBe('0 created, 0 updated, 6 unchanged, 9 skipped (15 rows).');
  }, 120_000);
});
