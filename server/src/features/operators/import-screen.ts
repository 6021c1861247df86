// The legacy import, stage 2 of 3 (import.ts): rows screened on their own and against each other (pure), then each
// candidate decided against what the database holds.
import { roleNames, type RoleName } from '../../core/tenancy/roles.ts';
import { NAME_MAX_LENGTH } from '../../platform/http/schemas.ts';
import { domainOf, operatorEmailRefusal } from './domains.ts';
import { relaisRoleOf } from './legacy-roles.ts';
import type { ExistingOperator, ImportOrganization } from './import-repository.ts';
import type { LegacyRow } from './import-parse.ts';

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

export const skip = (row: { line: number; email: string }, code: SkipCode, reason: string): RowResult => ({
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
