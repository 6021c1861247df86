import type { Language } from '../../shared/i18n';

export type ActivationKind = 'customer' | 'partner';
export type ActivationStatus = 'pending' | 'used' | 'revoked' | 'expired';

/** The status tabs of the activation links page, in display order. */
export const ACTIVATION_STATUSES: readonly ActivationStatus[] = ['pending', 'used', 'expired', 'revoked'];

/** An activation link as GET /api/v1/activationlinks lists it. */
export interface ActivationLink {
  id: string;
  kind: ActivationKind;
  organizationName: string;
  recipientEmail: string;
  language: Language;
  skus: Array<{ skuId: string; name: string; quantity: number }>;
  status: ActivationStatus;
  /** The signed link; only pending links have one. */
  url: string | null;
  expiresAt: string;
  createdAt: string;
  lastSentAt: string;
  sendCount: number;
  usedAt: string | null;
  usedOrganization: { id: string; name: string } | null;
}

export interface SendActivationLinkBody {
  kind: ActivationKind;
  organizationName: string;
  recipientEmail: string;
  language: Language;
  skus: Array<{ skuId: string; quantity: number }>;
}

export interface Sku {
  id: string;
  code: string;
  name: string;
  commerceType: 'legacy' | 'new_commerce';
}

export interface Product {
  id: string;
  name: string;
  skus: Sku[];
}
