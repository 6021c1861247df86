import type { PublicContext } from '../../platform/http/service-context.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Actor } from '../../core/tenancy/actor.ts';

import { unsafeSystemTransaction, type SystemTx } from '../../platform/db/scope.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { sha256 } from '../../platform/auth/passwords.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { openSession } from '../../platform/auth/sessions.ts';
import { authorizationRequest, configurationFrom, issuerOf, redeemCode, ssoOutboundPolicy } from './oidc.ts';
import { entraIssuer, redirectUriOf } from './presenter.ts';
import * as repo from './repository.ts';
import type { SsoInvitations } from './service.ts';
import type { StartSsoBody } from './schemas.ts';
import { clientFor, discoveryFor } from './service.ts';

/** How long an authorization request waits for its callback. */
export const SSO_REQUEST_TTL_MS = 10 * 60 * 1000;

/**
 * Why a single sign-on was refused: the person is sent to `/sign-in?sso=<code>`, the reason goes to the log (and to
 * the organisation's audit log when the organisation is known), never to the browser.
 */
export class SsoRefusal extends Error {
  constructor(
    readonly code: 'sso_failed' | 'sso_unavailable',
    reason: string,
    readonly organizationId?: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'SsoRefusal';
  }
}

/** The organisation a sign-in is for, from the e-mail's domain or from an invitation link. */
async function resolveStart(tx: SystemTx, input: StartSsoBody, now: Date, invitations: SsoInvitations) {
  if ('email' in input) {
    const email = input.email.trim().toLowerCase();
    const domain = email.slice(email.lastIndexOf('@') + 1);
    const candidates = await repo.findSsoOrganizationsForDomain(tx, domain);
    const [best, second] = candidates.sort((a, b) => b.matched.length - a.matched.length);
    // Two organisations claiming the same domain: better no single sign-on than the wrong organisation's.
    if (!best || (second && second.matched.length === best.matched.length)) throw new AppError('sso_unavailable');
    return { organizationId: best.organizationId, invitationId: null, loginHint: email };
  }
  const found = await invitations.usable(tx, input.invitation, now);
  return { organizationId: found.organization.id, invitationId: found.invitation.id, loginHint: found.user.email };
}

/**
 * Starts a sign-in at the organisation's identity provider: an authorization request (PKCE, state, nonce) kept for
 * 10 minutes, keyed by the state's hash. Answers the provider's address and the state, which the route also binds to
 * the browser. Anyone may call it, so it sends nothing to the provider: the address comes from the discovery document
 * stored when the Admin saved the settings (or the background task refreshed it).
 */
export async function startSso(
  { deps, now }: PublicContext,
  { invitations, body: input }: { invitations: SsoInvitations; body: StartSsoBody },
): Promise<{ redirectUrl: string; state: string }> {
  const db = deps.database.db;
  const target = await unsafeSystemTransaction(db, (tx) => resolveStart(tx, input, now, invitations));
  const sso = await unsafeSystemTransaction(db, (tx) => repo.findOrganizationSso(tx, target.organizationId));
  const client = sso ? clientFor(deps.config, sso) : null;
  if (!client) throw new AppError('sso_unavailable');

  const metadata = sso ? discoveryFor(sso, client) : null;
  if (!metadata) {
    throw new AppError('sso_failed', {
      params: { reason: 'sso_not_confirmed' },
      internal: `no discovery document stored for ${client.issuer}`,
    });
  }
  const config = configurationFrom(metadata, client, ssoOutboundPolicy(deps.config, deps.resolve));
  const request = await authorizationRequest(config, {
    redirectUri: redirectUriOf(deps.config),
    loginHint: target.loginHint,
  });
  await unsafeSystemTransaction(db, async (tx) => {
    await repo.deleteExpiredSsoRequests(tx, now);
    await repo.insertSsoRequest(tx, {
      stateHash: sha256(request.state),
      organizationId: target.organizationId,
      codeVerifier: request.codeVerifier,
      nonce: request.nonce,
      invitationId: target.invitationId,
      expiresAt: new Date(now.getTime() + SSO_REQUEST_TTL_MS),
      createdAt: now,
    });
  });
  return { redirectUrl: request.url.href, state: request.state };
}

/** An error and its causes in one line: openid-client's message is generic, the checks' own messages say what failed. */
function describe(error: unknown): string {
  const messages: string[] = [];
  for (let e = error; e instanceof Error && messages.length < 3; e = e.cause) messages.push(e.message);
  return messages.length ? messages.join(': ') : String(error);
}

function emailOf(claims: Record<string, unknown>): string | null {
  for (const claim of ['email', 'preferred_username']) {
    const value = claims[claim];
    if (typeof value === 'string' && /^[^@\s]+@[^@\s]+$/.test(value.trim())) return value.trim().toLowerCase();
  }
  return null;
}

function displayNameOf(claims: Record<string, unknown>, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim().slice(0, 200) : '';
  return name || email.slice(0, email.indexOf('@'));
}

/**
 * Completes a sign-in from the provider's callback and opens a session. The authorization request is consumed first
 * (a replayed state finds nothing), then openid-client checks the answer; then the organisation is pinned: an Entra ID
 * token must come from the organisation's own tenant (issuer and `tid`), and the person must be an operator of THAT
 * organisation with the e-mail of the token — never an e-mail matched alone. The first sign-in binds the provider's
 * (issuer, subject) to the operator; later ones must present the same. A pending operator accepts their invitation.
 */
export async function completeSso(
  ctx: PublicContext,
  { invitations, ...callback }: { invitations: SsoInvitations; query: URLSearchParams; boundState: string | undefined },
): Promise<{ secret: string; actor: Actor }> {
  const { deps, now } = ctx;
  const meta = { ip: ctx.client.ip, userAgent: ctx.client.userAgent, requestId: ctx.requestId };
  const db = deps.database.db;
  const state = callback.query.get('state');
  if (!state) throw new SsoRefusal('sso_failed', `no state in the callback (${callback.query.get('error') ?? ''})`);
  // Login CSRF: a callback carrying someone else's state (started in another browser) must not sign this one in.
  if (callback.boundState !== state) throw new SsoRefusal('sso_failed', 'the state was not started in this browser');

  const request = await unsafeSystemTransaction(db, (tx) => repo.consumeSsoRequest(tx, sha256(state)));
  if (!request) throw new SsoRefusal('sso_failed', 'unknown or already used state');
  const organizationId = request.organizationId;
  const refuse = (reason: string, cause?: unknown) =>
    new SsoRefusal('sso_failed', reason, organizationId, cause === undefined ? undefined : { cause });

  try {
    if (request.expiresAt <= now) throw refuse('the authorization request expired');
    const sso = await unsafeSystemTransaction(db, (tx) => repo.findOrganizationSso(tx, organizationId));
    const client = sso ? clientFor(deps.config, sso) : null;
    if (!sso || !client) throw new SsoRefusal('sso_unavailable', 'single sign-on was removed', organizationId);
    const metadata = discoveryFor(sso, client);
    if (!metadata) throw refuse(`no discovery document stored for ${client.issuer}`);

    const callbackUrl = new URL(redirectUriOf(deps.config));
    callbackUrl.search = callback.query.toString();
    let claims;
    let issuer;
    try {
      // The token endpoint and the keys: requested through the outbound guard, checked again at each connection.
      const config = configurationFrom(metadata, client, ssoOutboundPolicy(deps.config, deps.resolve));
      issuer = issuerOf(config);
      claims = await redeemCode(config, callbackUrl, {
        state,
        nonce: request.nonce,
        codeVerifier: request.codeVerifier,
      });
    } catch (cause) {
      throw refuse(`the provider's answer was refused: ${describe(cause)}`, cause);
    }
    if (claims.iss !== issuer) throw refuse(`token issuer ${claims.iss} is not ${issuer}`);
    if (client.kind === 'entra') {
      // The deployment's app registration serves every tenant: only the tenant pins the organisation.
      const tenant = sso.organization.directoryTenantId?.toLowerCase() ?? '';
      const tid = typeof claims.tid === 'string' ? claims.tid.toLowerCase() : '';
      if (tid !== tenant) throw refuse(`token of directory tenant ${tid || '(none)'}, not ${tenant}`);
      if (issuer !== entraIssuer(deps.config, tenant)) throw refuse(`issuer ${issuer} is not the tenant's`);
    }
    const email = emailOf(claims);
    if (!email) throw refuse('the ID token carries no e-mail address');
    if (claims.email_verified === false) throw refuse(`the provider has not verified ${email}`);
    const subject = claims.sub;

    return await unsafeSystemTransaction(
      db,
      async (tx) => {
        const found = await repo.findMember(tx, organizationId, email);
        if (!found) throw refuse(`no operator ${email} in the organisation`);
        const openInvitationId = found.status === 'pending' ? await invitations.openFor(tx, found.userId, now) : null;
        const member = { ...found, openInvitationId };
        if (request.invitationId && member.openInvitationId !== request.invitationId) {
          throw refuse(`signed in as ${email}, not as the invited operator`);
        }
        if (member.status === 'disabled') throw refuse(`${email} is disabled`);
        if (member.status === 'pending' && !member.openInvitationId) {
          throw refuse(`${email} has no open invitation`);
        }
        if (member.ssoSubject !== null) {
          if (member.ssoIssuer !== issuer || member.ssoSubject !== subject) {
            throw refuse(`${email} is bound to another identity than ${issuer} ${subject}`);
          }
        } else {
          await repo.bindIdentity(tx, member.userId, issuer, subject, now);
        }
        if (member.status === 'pending' && member.openInvitationId) {
          await invitations.activate(
            tx,
            {
              userId: member.userId,
              email: member.email,
              organizationId,
              invitationId: member.openInvitationId,
              displayName: member.displayName || displayNameOf(claims, email),
            },
            { via: 'sso', requestId: meta.requestId },
            now,
          );
        }
        return openSession(tx, { ...member, id: member.userId }, { ...meta, via: 'sso' }, now);
      },
      now,
    );
  } catch (err) {
    const refusal =
      err instanceof SsoRefusal
        ? err
        : isUniqueViolation(err)
          ? refuse('this identity is already bound to another operator', err)
          : null;
    if (!refusal) throw err;
    await unsafeSystemTransaction(
      db,
      (tx) =>
        recordEvent(
          tx,
          { actor: null, requestId: meta.requestId },
          {
            action: 'auth.sign_in_failed',
            organizationId,
            target: { type: 'organization', id: organizationId },
            changes: { ip: meta.ip, via: 'sso', reason: refusal.message },
          },
        ),
      now,
    );
    throw refusal;
  }
}
