import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { isIPv4, isIPv6 } from 'node:net';
import { devMailboxAccess } from '../../config.ts';
import type { AppDeps } from '../deps.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import { AppError } from '../errors/app-error.ts';
import { ProblemSchema } from '../http/problem.ts';
import { decodeTimeCursor, toCollection } from '../http/pagination.ts';
import { presentMail } from './presenter.ts';
import { listKeptMail } from './repository.ts';
import { MailboxQuery, MailMessageCollection } from './schemas.ts';

/** True for a loopback client address: 127.0.0.0/8, ::1, or 127.x written as an IPv4-mapped IPv6 address. */
export function isLoopbackAddress(ip: string): boolean {
  const v4 = ip.toLowerCase().startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return isIPv6(ip) && /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(ip);
}

/** The development mailbox: what would have been sent, when no SMTP server is configured. */
export function devMailboxRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/dev/mailbox',
      {
        config: { public: true },
        schema: {
          tags: ['dev'],
          summary:
            'Messages kept instead of sent, newest first (embedded mode without SMTP_URL, or DEV_MAILBOX=on): to ' +
            'clients on the same machine only, unless DEV_MAILBOX=network',
          querystring: MailboxQuery,
          response: { 200: MailMessageCollection, 400: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request) => {
        // With a real mail server this address does not exist, and from another machine it does not either unless the
        // mailbox was opened to the network: mail holds secrets (invitation and activation links). request.ip is the
        // peer's address unless TRUST_PROXY names a proxy, so a client cannot claim to be local with a header.
        const access = devMailboxAccess(deps.config);
        if (access === 'off' || (access === 'loopback' && !isLoopbackAddress(request.ip))) {
          throw new AppError('route_not_found');
        }
        const size = request.query.size ?? 50;
        const after = decodeTimeCursor(request);
        const { rows, totalCount } = await unsafeSystemTransaction(deps.database.db, (tx) =>
          listKeptMail(tx, {
            recipient: request.query.recipient,
            after,
            limit: size,
          }),
        );
        return toCollection(rows, size, totalCount, request, presentMail, (r) => [r.createdAt.toISOString(), r.id]);
      },
    );
  };
}
