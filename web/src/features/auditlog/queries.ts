import { withQuery } from '../../shared/api';
import { useCollection } from '../../shared/useCollection';

/** One line of the audit log. */
export interface AuditEntry {
  id: string;
  occurredAt: string;
  action: string;
  actor: { id: string; email: string; displayName: string } | null;
  target: { type: string; id: string; label: string | null };
  changes: Record<string, unknown> | null;
}

const PAGE_SIZE = 50;

export function useAuditLog(action: string) {
  return useCollection<AuditEntry>(['auditlog', action], withQuery('/auditlog', { action, size: PAGE_SIZE }));
}
