import { randomUUID } from 'node:crypto';
import { parse, CsvError } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { roleNames, type RoleName } from '../../core/tenancy/roles.ts';
import { linkTokenHash } from '../../platform/auth/link-token.ts';
import type { DatabaseHandle, Tx } from '../../platform/db/client.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { recordEvent, type EventContext } from '../../platform/events/record.ts';
import { NAME_MAX_LENGTH } from '../../platform/http/schemas.ts';
import { domainOf, operatorEmailRefusal } from './domains.ts';
import { relaisRoleOf } from './legacy-roles.ts';
import * as repository from './import-repository.ts';
import type { ExistingOperator, ImportOrganization, NewPendingOperator } from './import-repository.ts';

// Import of the legacy portal's operator export (issue 4 point 5). Three steps: parse the whole file (a format error
// stops everything before anything is written), screen the rows on their own (role, address, duplicates: pure), then
// apply the rest in batches, each one transaction that reads its organisations and users in two queries and writes
// with multi-row statements. Every decision is taken from what the database holds, so a second run finds everything
// already done and changes nothing.

/** The file cannot be imported at all: unreadable CSV, no header, a missing column. Nothing was written. */
export class ImportFileError extends Error {}

/** A batch failed after earlier ones were committed; running the import again finishes the job (it is idempotent). */
export class ImportStoppedError extends Error {
  constructor(
    readonly line: number,
    cause: unknown,
  ) {
    super(`import stopped at line ${line}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

export interface LegacyRow {
  /** Line of the file where the row starts (the header is line 1), as an editor numbers them. */
  line: number;
  email: string;
  displayName: string;
  legacyRole: string;
  domain: string;
  /** Fields found on the line, against the header's. */
  fieldCount: number;
}

type Column = 'email' | 'displayName' | 'legacyRole' | 'domain';

/** Header names as the old portal (and people editing its export) write them, compared by headerKey(). */
const columnNames: Record<Column, string[]> = {
  email: ['email', 'e-mail'],
  displayName: ['display name'],
  legacyRole: ['legacy role'],
  domain: ['organisation primary domain', 'organization primary domain'],
};

function headerKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** The delimiter of the header line: French spreadsheets export with semicolons, the old portal with commas. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Parses the export: the header names the columns (in any order, extra ones ignored); throws ImportFileError. */
export function parseLegacyExport(content: string | Buffer): { rows: LegacyRow[]; columnCount: number } {
  // One line ending throughout, so that line numbers are those an editor shows even in a hand-edited, mixed file.
  const text = (typeof content === 'string' ? content : content.toString('utf8'))
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const records: { line: number; fields: string[] }[] = [];
  try {
    parse(text, {
      delimiter: delimiterOf(text),
      skip_empty_lines: true,
      relax_column_count: true,
      // Kept with the line it starts on (the parser counts to its end), for the report. Trimmed here rather than by
      // the parser, so that the line breaks of quoted fields are all still there to count. Returning null keeps the
      // parser's own array empty.
      on_record: (fields: string[], context) => {
        const breaks = fields.reduce((n, f) => n + f.split('\n').length - 1, 0);
        records.push({ line: context.lines - breaks, fields: fields.map((f) => f.trim()) });
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) throw new ImportFileError(`the file is not valid CSV: ${err.message}`);
    throw err;
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError('the file is empty: expected a header row and one row per operator');
  const keys = header.fields.map(headerKey);
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const [column, names] of Object.entries(columnNames) as [Column, string[]][]) {
    const found = keys.filter((k) => names.some((n) => headerKey(n) === k));
    if (found.length > 1) throw new ImportFileError(`the column «${names[0]}» appears more than once in the header`);
    const at = keys.findIndex((k) => names.some((n) => headerKey(n) === k));
    if (at < 0) missing.push(`«${names[0]}»`);
    index[column] = at;
  }
  if (missing.length > 0) {
    throw new ImportFileError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header (found: ${header.fields.join(', ')})`,
    );
  }
  const rows = body.map(({ line, fields }) => ({
    line,
    email: fields[index.email] ?? '',
    displayName: fields[index.displayName] ?? '',
    legacyRole: fields[index.legacyRole] ?? '',
    domain: fields[index.domain] ?? '',
    fieldCount: fields.length,
  }));
  return { rows, columnCount: header.fields.length };
}

export type Outcome = 'created' | 'updated' | 'unchanged' | 'skipped';
export type SkipCode =
  | 'malformed_row'
  | 'malformed_email'
  | 'unknown_role'
  | 'unknown_organization'
  | 'consumer_mailbox'
  | 'email_domain_not_verified'
  | 'email_taken'
  | 'operator_removed'
  | 'duplicate'
  | 'listed_for_another_organization';

export interface RowResult {
  line: number;
  email: string;
  outcome: Outcome;
  /** Why a row was skipped; null otherwise. */
  code: SkipCode | null;
  /** One line for a person: the skip reason, the roles added, or the roles held. */
  reason: string;
}

export interface ImportReport {
  dryRun: boolean;
  counts: Record<Outcome, number>;
  /** Every row of the file, in file order. */
  rows: RowResult[];
}

/** A row that passed screening: it names one operator, with the roles of every same-organisation duplicate. */
export interface Candidate {
  line: number;
  email: string;
  emailKey: string;
  displayName: string;
  domain: string;
  roles: RoleName[];
  legacyRoles: string[];
}

// The same rule as the API's `format: 'email'` (ajv-formats), so the import accepts exactly what an Admin could type.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

const skip = (row: { line: number; email: string }, code: SkipCode, reason: string): RowResult => ({
  line: row.line,
  email: row.email,
  outcome: 'skipped',
  code,
  reason,
});

const inRoleOrder = (roles: Iterable<RoleName>): RoleName[] => {
  const set = new Set(roles);
  return roleNames.filter((r) => set.has(r));
};

/**
 * Screens rows on their own and against each other, without the database: malformed rows, unknown legacy roles,
 * and duplicates. The first valid row of an address is the candidate; later rows for the same organisation give it
 * their roles (reported as duplicates of it), later rows for another organisation are refused: which one is right
 * is for a person to decide.
 */
export function screenRows(rows: readonly LegacyRow[], columnCount: number) {
  const skipped: RowResult[] = [];
  const candidates = new Map<string, Candidate>();
  for (const row of rows) {
    if (row.fieldCount !== columnCount) {
      skipped.push(skip(row, 'malformed_row', `expected ${columnCount} columns, found ${row.fieldCount}`));
      continue;
    }
    if (row.email.length > 254 || !EMAIL.test(row.email)) {
      skipped.push(skip(row, 'malformed_email', row.email ? 'malformed e-mail address' : 'no e-mail address'));
      continue;
    }
    // The API's limit on a display name, which its answers publish: the import may not write a longer one.
    if ([...row.displayName].length > NAME_MAX_LENGTH) {
      skipped.push(skip(row, 'malformed_row', `display name longer than ${NAME_MAX_LENGTH} characters`));
      continue;
    }
    const role = relaisRoleOf(row.legacyRole);
    if (!role) {
      skipped.push(
        skip(row, 'unknown_role', row.legacyRole ? `unknown legacy role «${row.legacyRole}»` : 'no legacy role'),
      );
      continue;
    }
    const emailKey = row.email.toLowerCase();
    const domain = row.domain.toLowerCase();
    const first = candidates.get(emailKey);
    if (!first) {
      candidates.set(emailKey, {
        line: row.line,
        email: row.email,
        emailKey,
        displayName: row.displayName,
        domain,
        roles: [role],
        legacyRoles: [row.legacyRole],
      });
    } else if (first.domain === domain) {
      first.roles = inRoleOrder([...first.roles, role]);
      if (!first.legacyRoles.includes(row.legacyRole)) first.legacyRoles.push(row.legacyRole);
      skipped.push(skip(row, 'duplicate', `duplicate of line ${first.line}: its role is merged into that line`));
    } else {
      skipped.push(
        skip(row, 'listed_for_another_organization', `e-mail listed for another organisation on line ${first.line}`),
      );
    }
  }
  return { skipped, candidates: [...candidates.values()] };
}

export type Decision =
  | { outcome: 'skipped'; code: SkipCode; reason: string }
  | { outcome: 'unchanged'; operator: ExistingOperator }
  | { outcome: 'updated'; operator: ExistingOperator; roles: RoleName[]; added: RoleName[] }
  | { outcome: 'created'; organization: ImportOrganization };

/** What to do with one candidate, given its organisation and the user that already holds its address (if any). */
export function decide(
  candidate: Candidate,
  organization: ImportOrganization | null,
  existing: ExistingOperator | null,
): Decision {
  const skipped = (code: SkipCode, reason: string) => ({ outcome: 'skipped' as const, code, reason });
  if (!organization) {
    return skipped(
      'unknown_organization',
      candidate.domain ? `unknown organisation «${candidate.domain}»` : 'no organisation primary domain',
    );
  }
  const refusal = operatorEmailRefusal(candidate.email, organization);
  const domain = domainOf(candidate.email) ?? '';
  if (refusal === 'consumer_mailbox') {
    return skipped('consumer_mailbox', `consumer mailbox «${domain}»: operators need a work address`);
  }
  if (refusal === 'domain_not_verified') {
    return skipped(
      'email_domain_not_verified',
      `«${domain}» is not a verified domain of «${organization.primaryDomain}»`,
    );
  }
  if (!existing) return { outcome: 'created', organization };
  // Which organisation holds the address is not this file's business: the report may be read by someone else.
  if (existing.organizationId !== organization.id) {
    return skipped('email_taken', 'e-mail belongs to another organisation');
  }
  if (existing.status === 'disabled') {
    return skipped('operator_removed', 'operator was removed from the portal; re-invite from the Operators page');
  }
  const added = candidate.roles.filter((r) => !existing.roles.includes(r));
  if (added.length === 0) return { outcome: 'unchanged', operator: existing };
  // Roles granted in Relais since the migration are kept: the file only ever adds.
  return { outcome: 'updated', operator: existing, roles: [...existing.roles, ...added], added };
}

export interface ImportOptions {
  /** SESSION_SECRET: invitation links are derived from it (platform/auth/link-token.ts). */
  secret: string;
  now: Date;
  dryRun?: boolean;
  batchSize?: number;
  /** Called as rows are done, with the number done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

const INVITATION_DAYS = 7;
const DAY = 86_400_000;

class DryRunRollback extends Error {}

/** Imports parsed rows: creates, updates or skips each, and reports every row. */
export async function importOperators(
  database: DatabaseHandle,
  parsed: { rows: LegacyRow[]; columnCount: number },
  options: ImportOptions,
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500;
  const total = parsed.rows.length;
  const { skipped, candidates } = screenRows(parsed.rows, parsed.columnCount);
  const results: RowResult[] = [...skipped];
  let done = skipped.length;
  options.onProgress?.(done, total);
  const organizations = new Map<string, ImportOrganization | null>();
  // One id per run, as the events' request id: the audit log can show one import's changes together.
  const context: EventContext = { actor: null, requestId: `import-operators:${randomUUID()}` };

  for (let start = 0; start < candidates.length; start += batchSize) {
    const batch = candidates.slice(start, start + batchSize);
    let batchResults: RowResult[] = [];
    try {
      await unsafeSystemTransaction(
        database.db,
        async (tx) => {
          batchResults = await applyBatch(tx, batch, organizations, context, options);
          // A dry run takes the very same path and throws its writes away, so its report cannot drift from a real run.
          if (options.dryRun) throw new DryRunRollback();
        },
        options.now,
      );
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw new ImportStoppedError(batch[0]?.line ?? 0, err);
    }
    results.push(...batchResults);
    done += batch.length;
    options.onProgress?.(done, total);
  }

  results.sort((a, b) => a.line - b.line);
  const counts: Record<Outcome, number> = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const r of results) counts[r.outcome] += 1;
  return { dryRun: options.dryRun ?? false, counts, rows: results };
}

async function applyBatch(
  tx: Tx,
  batch: readonly Candidate[],
  organizations: Map<string, ImportOrganization | null>,
  context: EventContext,
  options: ImportOptions,
): Promise<RowResult[]> {
  const unknownDomains = [...new Set(batch.map((c) => c.domain))].filter((d) => !organizations.has(d));
  for (const d of unknownDomains) organizations.set(d, null);
  for (const o of await repository.unsafeOrganizationsByDomain(tx, unknownDomains)) {
    organizations.set(o.primaryDomain.toLowerCase(), o);
  }
  const existing = new Map<string, ExistingOperator>();
  for (const u of await repository.unsafeLockUsersByEmail(
    tx,
    batch.map((c) => c.emailKey),
  )) {
    existing.set(u.email.toLowerCase(), u);
  }

  const results: RowResult[] = [];
  const created: (NewPendingOperator & { candidate: Candidate })[] = [];
  const updated: { candidate: Candidate; operator: ExistingOperator; roles: RoleName[] }[] = [];
  const expiresAt = new Date(options.now.getTime() + INVITATION_DAYS * DAY);
  for (const candidate of batch) {
    const decision = decide(
      candidate,
      organizations.get(candidate.domain) ?? null,
      existing.get(candidate.emailKey) ?? null,
    );
    const row = { line: candidate.line, email: candidate.email };
    switch (decision.outcome) {
      case 'skipped':
        results.push(skip(row, decision.code, decision.reason));
        break;
      case 'unchanged':
        results.push({
          ...row,
          outcome: 'unchanged',
          code: null,
          reason: `already ${decision.operator.roles.join(', ')}`,
        });
        break;
      case 'updated':
        updated.push({ candidate, operator: decision.operator, roles: decision.roles });
        results.push({
          ...row,
          outcome: 'updated',
          code: null,
          reason: `added ${decision.added.join(', ')} (roles now ${decision.roles.join(', ')})`,
        });
        break;
      case 'created': {
        const invitationId = randomUUID();
        created.push({
          candidate,
          userId: randomUUID(),
          invitationId,
          organizationId: decision.organization.id,
          email: candidate.email,
          displayName: candidate.displayName,
          roles: candidate.roles,
          language: decision.organization.language,
          // sendCount 0: the link an Admin's first send will carry (its hash is what the invitation is found by).
          tokenHash: linkTokenHash(options.secret, invitationId, 0),
          expiresAt,
        });
        results.push({
          ...row,
          outcome: 'created',
          code: null,
          reason: `pending operator, ${candidate.roles.join(', ')}; invitation not sent`,
        });
        break;
      }
    }
  }

  await repository.unsafeInsertPendingOperators(tx, created, options.now);
  await repository.unsafeSetRoles(
    tx,
    updated.map((u) => ({ userId: u.operator.id, roles: u.roles })),
    options.now,
  );
  for (const c of created) {
    await recordEvent(tx, context, {
      action: 'operator.imported',
      organizationId: c.organizationId,
      target: { type: 'user', id: c.userId, label: c.email },
      changes: { roles: c.roles, status: 'pending', legacyRoles: c.candidate.legacyRoles },
    });
  }
  for (const u of updated) {
    await recordEvent(tx, context, {
      action: 'operator.roles_changed',
      organizationId: u.operator.organizationId,
      target: { type: 'user', id: u.operator.id, label: u.operator.email },
      changes: { before: u.operator.roles, after: u.roles, legacyRoles: u.candidate.legacyRoles },
    });
  }
  return results;
}

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
