import type { ActivationLinkListRow } from './repository.ts';
import type { ActivationLink } from './schemas.ts';
import { linkToken } from '../../platform/auth/link-token.ts';
import type { MailLimits } from '../../platform/mail/limits.ts';

/** The address of the web app's onboarding page for a link. */
export function activationUrl(publicUrl: string, secret: string, linkId: string, sendCount: number): string {
  return `${publicUrl}/activate/${linkToken(secret, linkId, sendCount)}`;
}

/**
 * What signing and mailing a link's address needs: the public address, the secret (SESSION_SECRET) and the limits on
 * mail to outside addresses.
 */
export interface LinkSigner {
  publicUrl: string;
  secret: string;
  mailLimits: MailLimits;
}

export function presentLink(
  row: ActivationLinkListRow,
  names: Map<string, string>,
  signer: LinkSigner,
): ActivationLink {
  const { link } = row;
  return {
    id: link.id,
    kind: link.kind,
    organizationName: link.organizationName,
    recipientEmail: link.recipientEmail,
    language: link.language,
    skus: link.skus.map((s) => ({ skuId: s.skuId, name: names.get(s.skuId) ?? '', quantity: s.quantity })),
    status: row.status,
    url: row.status === 'pending' ? activationUrl(signer.publicUrl, signer.secret, link.id, link.sendCount) : null,
    expiresAt: link.expiresAt.toISOString(),
    createdAt: link.createdAt.toISOString(),
    lastSentAt: link.lastSentAt.toISOString(),
    sendCount: link.sendCount,
    usedAt: link.usedAt?.toISOString() ?? null,
    usedOrganization:
      link.usedOrganizationId && row.usedOrganizationName
        ? { id: link.usedOrganizationId, name: row.usedOrganizationName }
        : null,
  };
}
