import type { RequestBody, ResponseBody } from '../../api/types';

/** What GET /api/v1/activation/{token} tells the invitee. */
export type ActivationInvitation = ResponseBody<'/api/v1/activation/{token}', 'get'>;

export type ActivateBody = RequestBody<'/api/v1/activation/{token}', 'post'>;
