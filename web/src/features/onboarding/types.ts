import type { Language } from '../../shared/i18n';

/** What GET /api/v1/activation/{token} tells the invitee. */
export interface ActivationInvitation {
  kind: 'customer' | 'partner';
  organizationName: string;
  recipientEmail: string;
  language: Language;
  sender: { name: string; kind: string };
  skus: Array<{ name: string; quantity: number }>;
  expiresAt: string;
}

export interface ActivateBody {
  organizationName: string;
  primaryDomain: string;
  address: { line1: string; city: string; postalCode: string; country: string };
  admin: { displayName: string; password: string };
}
