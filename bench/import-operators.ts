// Legacy operator import benchmark (issue 4 point 5): generates an export of BENCH_ROWS rows (10,000 by default)
// across the demo organisations, with some rows of every skip case, imports it into a fresh database twice, and
// prints the time of each run, rows per second, and the ratio second ÷ first. The target is under 30 s per run.
//   npm run bench:import                        PGlite in memory
//   BENCH_DB=postgres npm run bench:import      a new database on TEST_POSTGRES_URL's server (127.0.0.1:5432), dropped after
import { openBenchDatabase } from './database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { seedDemo } from '../server/src/seed/demo.ts';
import { accounts, customers, distributors, partners, vendor } from '../server/src/seed/demo-data.ts';
import { importOperators, parseLegacyExport, type ImportReport } from '../server/src/features/operators/import.ts';

const kind = process.env.BENCH_DB ?? 'pglite';
const total = Number(process.env.BENCH_ROWS ?? 10_000);

/**
 * The export: one row in a hundred of each case besides new operators (the demo accounts, once each, are the
 * existing ones), so the skips cost what they would in a real file.
 */
function generate(rows: number): string {
  const domains = [vendor, ...distributors, ...partners, ...customers].map((o) => o.domain);
  const lines = ['email,display name,legacy role,organisation primary domain'];
  for (const a of accounts) {
    const domain = a.email.split('@')[1] ?? '';
    lines.push(`${a.email},${a.displayName},${a.roles.includes('admin') ? 'Invoice' : 'Tenant admin'},${domain}`);
  }
  for (let i = 0; lines.length <= rows; i++) {
    const domain = domains[i % domains.length] ?? 'adatum.example';
    const email = `operator${i}@${domain}`;
    const role = i % 3 === 0 ? 'Tenant admin' : 'Invoice';
    switch (i % 100) {
      case 1:
        lines.push(`${email},Operator ${i},Billing manager,${domain}`);
        break;
      case 2:
        lines.push(`${email},Operator ${i},${role},unknown-${i}.example`);
        break;
      case 3:
        lines.push(`operator${i}@gmail.com,Operator ${i},${role},${domain}`);
        break;
      case 4: // an address of another organisation's domain
        lines.push(`operator${i}@${domains[(i + 1) % domains.length]},Operator ${i},${role},${domain}`);
        break;
      case 5:
        lines.push(`operator ${i},Operator ${i},${role},${domain}`);
        break;
      case 6: // the previous new operator again, same organisation, other role: merged
        lines.push(
          `operator${i - 6}@${domains[(i - 6) % domains.length]},Operator,Tenant admin,${domains[(i - 6) % domains.length]}`,
        );
        break;
      case 7: // and once more for another organisation: refused
        lines.push(`operator${i - 7}@${domains[(i - 7) % domains.length]},Operator,Invoice,${domain}`);
        break;
      default:
        lines.push(`${email},Operator ${i},${role},${domain}`);
    }
  }
  return lines.slice(0, rows + 1).join('\n');
}

const { database, cleanup } = await openBenchDatabase(kind);
try {
  await migrate(database);
  const now = new Date();
  const secret = 'bench-secret-bench-secret-bench-secret';
  await seedDemo(database, now, { linkSecret: secret });
  const file = generate(total);
  console.log(
    `Relais legacy operator import — ${database.kind}, ${total} rows over ${customers.length + partners.length + distributors.length + 1} ` +
      `demo organisations, node ${process.version}`,
  );
  const runs: { seconds: number; report: ImportReport }[] = [];
  for (const label of ['first run', 'second run']) {
    const started = performance.now();
    const report = await importOperators(database, parseLegacyExport(file), { secret, now });
    const seconds = (performance.now() - started) / 1000;
    runs.push({ seconds, report });
    const c = report.counts;
    console.log(
      `${label.padEnd(11)} ${seconds.toFixed(2).padStart(6)} s  ${Math.round(total / seconds)
        .toString()
        .padStart(6)} rows/s   ` +
        `created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, skipped ${c.skipped}`,
    );
  }
  const [first, second] = runs;
  if (first && second) {
    console.log(`ratio second ÷ first: ${(second.seconds / first.seconds).toFixed(2)}`);
    if (second.report.counts.created + second.report.counts.updated > 0) {
      throw new Error('the second run changed something: the import is not idempotent');
    }
  }
} finally {
  await cleanup();
}
