import type { ResponseBody } from '../../api/types';

/** The signed-in person, as GET /api/v1/me answers. */
export type Me = ResponseBody<'/api/v1/me', 'get'>;
export type OrganizationKind = Me['organization']['kind'];
export type PageName = Me['pages'][number];
