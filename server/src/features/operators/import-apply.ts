// The legacy import, stage 3 of 3 (import.ts): candidates applied in batches, each one transaction.
import { randomUUID } from 'node:crypto';
import type { RoleName } from '../../core/tenancy/roles.ts';
import { linkTokenHash } from '../../platform/auth/link-token.ts';
import type { DatabaseHandle } from '../../platform/db/client.ts';
import { unsafeSystemTransaction, type SystemTx } from '../../platform/db/scope.ts';
import { recordEvent, type EventContext } from '../../platform/events/record.ts';
import * as repository from './import-repository.ts';
import type { ExistingOperator, ImportOrganization, NewPendingOperator } from './import-repository.ts';
import type { LegacyRow } from './import-parse.ts';
import type { Candidate, ImportReport, Outcome, RowResult } from './import-screen.ts';
import { decide, screenRows, skip } from './import-screen.ts';

/** A batch failed after earlier ones were committed; running the import again finishes the job (it is idempotent). */
export class ImportStoppedError extends Error {
  constructor(
    readonly line: number,
    cause: unknown,
  ) {
    super(`import stopped at line ${line}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
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
  tx: SystemTx,
  batch: readonly Candidate[],
  organizations: Map<string, ImportOrganization | null>,
  context: EventContext,
  options: ImportOptions,
): Promise<RowResult[]> {
  const unknownDomains = [...new Set(batch.map((c) => c.domain))].filter((d) => !organizations.has(d));
  for (const d of unknownDomains) organizations.set(d, null);
  for (const o of await repository.organizationsByDomain(tx, unknownDomains)) {
    organizations.set(o.primaryDomain.toLowerCase(), o);
  }
  const existing = new Map<string, ExistingOperator>();
  for (const u of await repository.lockUsersByEmail(
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

  await repository.insertPendingOperators(tx, created, options.now);
  await repository.setImportedRoles(
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
