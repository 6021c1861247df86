import type { Language } from '../../shared/i18n';

/** The roles of platform/access/roles.ts, in the server's table order. */
export const ROLE_NAMES = ['admin', 'reader', 'admin_agent', 'helpdesk_agent', 'program_admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export function isRoleName(value: string): value is RoleName {
  return (ROLE_NAMES as readonly string[]).includes(value);
}

/** A role and the permissions it grants, as GET /api/v1/roles lists them. */
export interface Role {
  name: RoleName;
  permissions: string[];
}

export type OperatorStatus = 'active' | 'pending';

/** An operator of the organisation, as GET /api/v1/operators lists them (docs/api-operators.md). */
export interface Operator {
  id: string;
  email: string;
  /** '' while an invited operator has not chosen one. */
  displayName: string;
  roles: RoleName[];
  status: OperatorStatus;
  lastSignInAt: string | null;
  createdAt: string;
  /** Pending operators only. */
  invitation: {
    expiresAt: string;
    lastSentAt: string;
    /** 0 for an operator imported from the legacy portal and never invited yet. */
    sendCount: number;
    expired: boolean;
  } | null;
  isSelf: boolean;
}

export interface AddOperatorBody {
  email: string;
  roles: RoleName[];
}

/** What GET /api/v1/invitations/{token} tells the person invited, before they accept. */
export interface OperatorInvitation {
  email: string;
  displayName: string;
  organization: { name: string };
  roles: RoleName[];
  language: Language;
  expiresAt: string;
  sso: { available: boolean; required: boolean };
}
