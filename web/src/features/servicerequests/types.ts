export const SEVERITIES = ['critical', 'moderate', 'minimal'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const STATUSES = ['open', 'attention_needed', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

/** One line of GET /api/v1/customers/{id}/servicerequests (newest first). */
export interface ServiceRequest {
  id: string;
  number: number;
  customerId: string;
  customerName: string;
  product: { id: string; name: string } | null;
  title: string;
  description: string;
  severity: Severity;
  status: Status;
  contact: { name: string; email: string; phone: string | null };
  createdBy: { organizationId: string; organizationName: string; userName: string | null; onBehalf: boolean };
  noteCount: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** GET /api/v1/servicerequests/{id}: the request and its notes, oldest first. */
export interface ServiceRequestDetail extends ServiceRequest {
  notes: Array<{ id: string; body: string; authorName: string; authorOrganizationName: string; createdAt: string }>;
}

/** The body of POST /api/v1/customers/{id}/servicerequests. */
export interface NewServiceRequest {
  title: string;
  description: string;
  severity: Severity;
  productId?: string;
  contact: { name: string; email: string; phone?: string };
}
