import { unsafeSystemTransaction } from '../../platform/db/scope.ts';
import type { Task } from '../../platform/jobs/worker.ts';
import { discover, ssoOutboundPolicy } from './oidc.ts';
import * as repo from './repository.ts';
import { DISCOVERY_REFRESH_MS, DISCOVERY_RETRY_MS, issuerFor } from './service.ts';

const BATCH = 20;
const LEASE_SECONDS = 5 * 60;

/**
 * Fetches the identity providers' discovery documents again when due (daily; an hour after a failure), and those
 * fetched for another issuer than the current one. Leased with SKIP LOCKED in a short transaction, fetched outside any
 * transaction through the outbound guard, then stored (or the failure recorded) unless the Admin changed the settings
 * meanwhile. A failed refresh keeps the previous document: a provider briefly down does not stop sign-ins.
 */
export const ssoDiscoveryTask: Task = {
  name: 'sso-discovery-refresh',
  everyMs: 60_000,
  run: async ({ config, database, logger, resolve }, now) => {
    const leased = await unsafeSystemTransaction(
      database.db,
      (tx) =>
        repo.leaseDueDiscoveries(tx, {
          now,
          limit: BATCH,
          leaseSeconds: LEASE_SECONDS,
          entraAuthority: config.ENTRA_AUTHORITY,
        }),
      now,
    );
    const policy = ssoOutboundPolicy(config, resolve);
    for (const sso of leased) {
      const issuer = issuerFor(config, sso);
      let outcome: Parameters<typeof repo.storeDiscovery>[2] | { error: string };
      if (!issuer) {
        outcome = { error: 'no issuer (Entra ID without a directory tenant)' };
      } else {
        try {
          const metadata = await discover(issuer, policy);
          outcome = { issuer, metadata, at: now, dueAt: new Date(now.getTime() + DISCOVERY_REFRESH_MS) };
        } catch (err) {
          outcome = { error: err instanceof Error ? err.message : String(err) };
        }
      }
      if ('error' in outcome) {
        logger?.warn(
          { organizationId: sso.organization.id, issuer, reason: outcome.error },
          'identity provider discovery refresh failed',
        );
      }
      const result = outcome;
      await unsafeSystemTransaction(
        database.db,
        (tx) =>
          'error' in result
            ? repo.recordDiscoveryFailure(tx, sso.provider, {
                issuer,
                error: result.error,
                dueAt: issuer ? new Date(now.getTime() + DISCOVERY_RETRY_MS) : null,
              })
            : repo.storeDiscovery(tx, sso.provider, result),
        now,
      );
    }
    return leased.length;
  },
};
