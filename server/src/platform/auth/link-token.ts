import { createHmac } from 'node:crypto';
import { sha256 } from './passwords.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
/** A link's secret: a UUID, a dot and 43 characters of base64url. */
export const LINK_TOKEN_LENGTH = 36 + 1 + 43;

function sign(secret: string, linkId: string, sendCount: number): string {
  return createHmac('sha256', secret).update(`${linkId}:${sendCount}`).digest('base64url');
}

/**
 * The secret of a signed, single-use link (activation links, operator invitations):
 * `<linkId>.<HMAC(SESSION_SECRET, linkId:sendCount)>`. Derived, not stored, so that the sender can copy a pending
 * link again; only its SHA-256 is kept, and each resend (sendCount + 1) makes the previous one worthless. Link ids are
 * random UUIDs of their own tables and each table is searched by hash, so one link's token never opens another kind.
 */
export function linkToken(secret: string, linkId: string, sendCount: number): string {
  return `${linkId}.${sign(secret, linkId, sendCount)}`;
}

export function linkTokenHash(secret: string, linkId: string, sendCount: number): string {
  return sha256(linkToken(secret, linkId, sendCount));
}

/** The hash to look a presented token up by, or null when it cannot be one of ours (garbage is a 404). */
export function presentedTokenHash(token: string): string | null {
  const [linkId, signature, extra] = token.split('.');
  if (extra !== undefined || !linkId || !signature || !UUID.test(linkId) || !SIGNATURE.test(signature)) return null;
  return sha256(token);
}
