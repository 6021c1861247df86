// The legacy import's report, for people and as CSV (import.ts).
import { stringify } from 'csv-stringify/sync';
import type { ImportReport } from './import-screen.ts';

/** The report as people read it: the counts, then one line per updated or skipped row. */
export function formatImportReport(report: ImportReport): string {
  const { created, updated, unchanged, skipped } = report.counts;
  const lines = [
    ...(report.dryRun ? ['Dry run: nothing was written. The import would report:'] : []),
    `${created} created, ${updated} updated, ${unchanged} unchanged, ${skipped} skipped (${report.rows.length} rows).`,
  ];
  const listed = report.rows.filter((r) => r.outcome === 'updated' || r.outcome === 'skipped');
  if (listed.length > 0) {
    const emailWidth = Math.min(40, Math.max(6, ...listed.map((r) => r.email.length)));
    const lineWidth = Math.max(4, ...listed.map((r) => String(r.line).length));
    lines.push('', `${'line'.padStart(lineWidth)}  ${'e-mail'.padEnd(emailWidth)}  outcome  reason`);
    for (const r of listed) {
      lines.push(
        `${String(r.line).padStart(lineWidth)}  ${r.email.padEnd(emailWidth)}  ${r.outcome.padEnd(7)}  ${r.reason}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The outcome of every row as CSV (line, email, outcome, reason), for --report. */
export function importReportCsv(report: ImportReport): string {
  return stringify(
    report.rows.map((r) => [r.line, r.email, r.outcome, r.reason]),
    { header: true, columns: ['line', 'email', 'outcome', 'reason'] },
  );
}
