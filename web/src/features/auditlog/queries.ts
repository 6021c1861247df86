import type { Schema } from '../../api/types';
import { withQuery } from '../../shared/api';
import { useCollection } from '../../shared/useCollection';

/** One line of the audit log. */
export type AuditEntry = Schema<'AuditEntry'>;

const PAGE_SIZE = 50;

export function useAuditLog(action: string) {
  return useCollection<AuditEntry>(['auditlog', action], withQuery('/auditlog', { action, size: PAGE_SIZE }));
}
