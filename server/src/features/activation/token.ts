import { createHmac } from 'node:crypto';
import { sha256 } from '../../platform/auth/passwords.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

function sign(secret: string, linkId: string, sendCount: number): string {
  return createHmac('sha256', secret).update(`${linkId}:${sendCount}`).digest('base64url');
}

/**
 * The secret of an activation link: `<linkId>.<HMAC(SESSION_SECRET, linkId:sendCount)>`. Derived, not stored, so
 * that the sender can copy a pending link again; only its SHA-256 is kept, and each resend (sendCount + 1) makes the
 * previous one worthless.
 */
export function activationToken(secret: string, linkId: string, sendCount: number): string {
  return `${linkId}.${sign(secret, linkId, sendCount)}`;
}

export function activationTokenHash(secret: string, linkId: string, sendCount: number): string {
  return sha256(activationToken(secret, linkId, sendCount));
}

/** The address of the web app's onboarding page for a link. */
export function activationUrl(publicUrl: string, secret: string, linkId: string, sendCount: number): string {
  return `${publicUrl}/activate/${activationToken(secret, linkId, sendCount)}`;
}

/** The hash to look a presented token up by, or null when it cannot be one of ours (garbage is a 404). */
export function presentedTokenHash(token: string): string | null {
  const [linkId, signature, extra] = token.split('.');
  if (extra !== undefined || !linkId || !signature || !UUID.test(linkId) || !SIGNATURE.test(signature)) return null;
  return sha256(token);
}
