import type { PublicContext } from '../../platform/http/service-context.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import type { Actor } from '../../core/tenancy/actor.ts';
import type { Tx } from '../../platform/db/client.ts';
import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { openSession } from '../../platform/auth/sessions.ts';
import { recordEvent, type EventContext } from '../../platform/events/record.ts';
import { openOnboardingRelationship } from '../relationships/service.ts';
import { createOnboardingSubscriptions } from '../subscriptions/service.ts';
import * as links from './repository.ts';
import * as tenants from './onboarding-repository.ts';
import type { ActivationInvitation, OnboardingBody } from './schemas.ts';
import { presentedTokenHash } from '../../platform/auth/link-token.ts';

type FoundLink = NonNullable<Awaited<ReturnType<typeof links.findLinkByTokenHash>>>;

/** A link that can still be used, or the error its holder sees: 404 for garbage, 410 with the reason otherwise. */
function usable(found: FoundLink | undefined): FoundLink {
  if (!found) throw notFound();
  if (found.status === 'used') throw new AppError('link_used');
  if (found.status === 'revoked') throw new AppError('link_revoked');
  if (found.status === 'expired') throw new AppError('link_expired');
  return found;
}

function tokenHashOf(token: string): string {
  const hash = presentedTokenHash(token);
  if (!hash) throw notFound();
  return hash;
}

/** What the onboarding page shows before the recipient commits to anything. */
export async function getInvitation(
  { deps, now }: PublicContext,
  { token }: { token: string },
): Promise<ActivationInvitation> {
  const hash = tokenHashOf(token);
  return unsafeSystemTransaction(
    deps.database.db,
    async (tx) => {
      const { link, sender } = usable(await links.findLinkByTokenHash(tx, hash));
      const names = await links.skuNames(tx, link.skus);
      return {
        kind: link.kind,
        organizationName: link.organizationName,
        recipientEmail: link.recipientEmail,
        language: link.language,
        sender: { name: sender.name, kind: sender.kind },
        skus: link.skus.map((s) => ({ name: names.get(s.skuId) ?? '', quantity: s.quantity })),
        expiresAt: link.expiresAt.toISOString(),
      };
    },
    now,
  );
}

/** Who bills a new customer's subscriptions: a distributor (or the vendor) itself; for a partner, its distributor. */
async function billingOf(tx: Tx, sender: FoundLink['sender']) {
  if (sender.kind !== 'partner') return { billingProviderId: sender.id, resellerId: null };
  const distributorId = await links.findDistributorOf(tx, sender.id);
  if (!distributorId) {
    throw conflict('sender_no_billing_distributor');
  }
  return { billingProviderId: distributorId, resellerId: sender.id };
}

/**
 * Accepts an activation link, all in one transaction: the organisation (of the link's kind, with its verified
 * primary domain), its first Admin, the relationship with the sender (delegated admin for a customer, with the link's
 * subscriptions; reseller for a partner of a distributor), the link marked used, and a session for the new Admin.
 */
export async function onboard(
  ctx: PublicContext,
  { token, ...input }: OnboardingBody & { token: string },
): Promise<{ secret: string; actor: Actor }> {
  const { deps, now } = ctx;
  const meta = { ip: ctx.client.ip, userAgent: ctx.client.userAgent, requestId: ctx.requestId };
  const hash = tokenHashOf(token);
  const db = deps.database.db;
  // Answer a dead link before spending an argon2 hash on it.
  await unsafeSystemTransaction(db, async (tx) => usable(await links.findLinkByTokenHash(tx, hash)), now);
  const passwordHash = await hashPassword(input.admin.password);
  const domain = input.primaryDomain.toLowerCase();
  try {
    return await unsafeSystemTransaction(
      db,
      async (tx) => {
        const { link, sender } = usable(await links.findLinkByTokenHash(tx, hash, true));
        if (await tenants.domainTaken(tx, domain)) {
          throw conflict('domain_registered', { domain });
        }
        if (await tenants.emailTaken(tx, link.recipientEmail)) {
          throw conflict('email_has_account', { email: link.recipientEmail });
        }
        const organization = await tenants.insertOrganization(tx, {
          kind: link.kind,
          name: input.organizationName.trim(),
          domain,
          address: {
            line1: input.address.line1.trim(),
            city: input.address.city.trim(),
            postalCode: input.address.postalCode.trim(),
            country: input.address.country,
          },
          language: link.language,
          now,
        });
        const userId = await tenants.insertUser(tx, {
          organizationId: organization.id,
          email: link.recipientEmail,
          displayName: input.admin.displayName.trim(),
          passwordHash,
          roles: ['admin'],
          language: link.language,
          now,
        });
        const context: EventContext = { actor: { userId, organizationId: organization.id }, requestId: meta.requestId };

        if (link.kind === 'customer') {
          const system = { tx, now, events: context };
          await openOnboardingRelationship(system, { providerId: sender.id, customerId: organization.id });
          if (link.skus.length > 0) {
            await createOnboardingSubscriptions(system, {
              customerId: organization.id,
              ...(await billingOf(tx, sender)),
              skus: link.skus,
            });
          }
        } else if (sender.kind === 'distributor') {
          await tenants.insertActiveReseller(tx, sender.id, organization.id, now);
        }
        await links.update(tx, link.id, { status: 'used', usedAt: now, usedOrganizationId: organization.id });
        // The new organisation is the event's subject: the sender sees it from this commit on, and so its stream.
        await recordEvent(tx, context, {
          action: `${link.kind}.onboarded`,
          organizationId: organization.id,
          target: { type: 'organization', id: organization.id, label: organization.name },
          changes: { activationLinkId: link.id, senderOrganizationId: sender.id, primaryDomain: domain },
        });

        return openSession(
          tx,
          {
            id: userId,
            email: link.recipientEmail,
            organizationId: organization.id,
            organizationKind: organization.kind,
            roles: ['admin'],
            language: link.language,
          },
          { ip: meta.ip, userAgent: meta.userAgent, requestId: meta.requestId, via: 'activation_link' },
          now,
        );
      },
      now,
    );
  } catch (err) {
    // Two onboardings with the same domain (or e-mail) at once: the unique index decides; the loser sees a conflict.
    if (isUniqueViolation(err)) {
      throw conflict('domain_or_admin_registered', { domain }, { cause: err });
    }
    throw err;
  }
}
