import type { Health } from '../customers/types';

/** An incident or advisory of a product, as GET /customers/{id}/servicehealth lists them. */
export interface Incident {
  id: string;
  reference: string;
  product: { id: string; name: string };
  kind: 'incident' | 'advisory';
  title: string;
  status: 'investigating' | 'mitigating' | 'monitoring' | 'resolved';
  severity: 'high' | 'medium' | 'low';
  scope: 'product' | 'customers';
  startsAt: string;
  endsAt: string | null;
  updatedAt: string;
  /** Newest first. */
  updates: Array<{ id: string; status: string; message: string; postedAt: string }>;
}

/** GET /api/v1/customers/{id}/servicehealth. */
export interface CustomerHealth {
  customerId: string;
  health: Health;
  open: Incident[];
  recentlyResolved: Incident[];
}
