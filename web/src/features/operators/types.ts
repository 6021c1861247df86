import type { RequestBody, ResponseBody, Schema } from '../../api/types';

/** A role and the permissions it grants, as GET /api/v1/roles lists them. */
export type Role = Schema<'Role'>;
export type RoleName = Role['name'];
export type RoleList = ResponseBody<'/api/v1/roles', 'get'>;

/** The roles of platform/access/roles.ts, in the server's table order. */
export const ROLE_NAMES = [
  'admin',
  'reader',
  'admin_agent',
  'helpdesk_agent',
  'program_admin',
] as const satisfies readonly RoleName[];

export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}

/**
 * An operator of the organisation, as GET /api/v1/operators lists them (docs/api-operators.md): `displayName` is ''
 * while an invited operator has not chosen one, `invitation` is set on pending operators only.
 */
export type Operator = Schema<'Operator'>;
export type OperatorStatus = Operator['status'];

export type AddOperatorBody = RequestBody<'/api/v1/operators', 'post'>;

/** What GET /api/v1/invitations/{token} tells the person invited, before they accept. */
export type OperatorInvitation = ResponseBody<'/api/v1/invitations/{token}', 'get'>;
