import type { ResponseBody, Schema } from '../../api/types';

/** An incident or advisory of a product, as GET /customers/{id}/servicehealth lists them; `updates` newest first. */
export type Incident = Schema<'Incident'>;

/** GET /api/v1/customers/{id}/servicehealth. */
export type CustomerHealth = ResponseBody<'/api/v1/customers/{id}/servicehealth', 'get'>;
