import type { RequestBody, ResponseBody, Schema } from '../../api/types';

/** One line of GET /api/v1/customers/{id}/servicerequests (newest first). */
export type ServiceRequest = Schema<'ServiceRequest'>;
export type Severity = ServiceRequest['severity'];
export type Status = ServiceRequest['status'];
export const SEVERITIES = ['critical', 'moderate', 'minimal'] as const satisfies readonly Severity[];
export const STATUSES = ['open', 'attention_needed', 'closed'] as const satisfies readonly Status[];

/** GET /api/v1/servicerequests/{id}: the request and its notes, oldest first. */
export type ServiceRequestDetail = ResponseBody<'/api/v1/servicerequests/{id}', 'get'>;

/** The body of POST /api/v1/customers/{id}/servicerequests. */
export type NewServiceRequest = RequestBody<'/api/v1/customers/{id}/servicerequests', 'post'>;

/** The body of PATCH /api/v1/servicerequests/{id}: a note, a status change, or both. */
export type ServiceRequestChange = RequestBody<'/api/v1/servicerequests/{id}', 'patch'>;
