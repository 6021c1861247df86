import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { devMailboxEnabled } from '../../config.ts';
import type { AppDeps } from '../deps.ts';
import { unsafeSystemTransaction } from '../db/scope.ts';
import { AppError } from '../errors/app-error.ts';
import { ProblemSchema } from '../http/problem.ts';
import { decodeTimeCursor, toCollection } from '../http/pagination.ts';
import { unsafeListKept, type MailRow } from './repository.ts';
import { MailboxQuery, MailMessageCollection, type MailMessage } from './schemas.ts';

function presentMail(row: MailRow): MailMessage {
  return {
    id: row.id,
    recipient: row.recipient,
    subject: row.subject,
    text: row.text,
    html: row.html,
    createdAt: row.createdAt.toISOString(),
  };
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
          summary: 'Messages kept instead of sent, newest first (embedded mode without SMTP_URL, or DEV_MAILBOX=on)',
          querystring: MailboxQuery,
          response: { 200: MailMessageCollection, 400: ProblemSchema, 404: ProblemSchema },
        },
      },
      async (request) => {
        // With a real mail server this address does not exist: mail can hold secrets (activation links).
        if (!devMailboxEnabled(deps.config)) throw new AppError('route_not_found');
        const size = request.query.size ?? 50;
        const after = decodeTimeCursor(request.query.cursor);
        const { rows, totalCount } = await unsafeSystemTransaction(deps.database.db, (tx) =>
          unsafeListKept(tx, {
            recipient: request.query.recipient,
            after,
            limit: size,
          }),
        );
        return toCollection(rows, size, totalCount, request.url, presentMail, (r) => [r.createdAt.toISOString(), r.id]);
      },
    );
  };
}
