import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { DatabaseHandle } from '../src/platform/db/client.ts';
import { unsafeSystemTransaction } from '../src/platform/db/scope.ts';
import { events } from '../src/platform/events/tables.ts';
import type { ActivationLink } from '../src/features/activation/schemas.ts';
import { activationLinks } from '../src/features/activation/tables.ts';
import { delegatedAdminRelationships } from '../src/core/tenancy/tables.ts';
import type { MailMessage } from '../src/platform/mail/schemas.ts';
import type { AuthHeaders } from './helper.ts';

const word = () => randomBytes(4).toString('hex');

/** The body of POST /activationlinks, with a random recipient. */
export function linkBody(overrides: Record<string, unknown> = {}) {
  const id = word();
  return {
    kind: 'customer',
    organizationName: `Tenant ${id}`,
    recipientEmail: `admin-${id}@tenant-${id}.example`,
    language: 'fr',
    skus: [],
    ...overrides,
  };
}

/** Sends an activation link through the API as the given organisation. */
export async function sendActivationLink(
  app: FastifyInstance,
  headers: AuthHeaders,
  overrides: Record<string, unknown> = {},
): Promise<ActivationLink> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/activationlinks',
    headers,
    payload: linkBody(overrides),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<ActivationLink>();
}

/** The token of an activation link's address (`…/activate/<token>`). */
export function tokenOf(url: string | null): string {
  const token = url?.split('/activate/')[1];
  if (!token) throw new Error(`not an activation address: ${String(url)}`);
  return token;
}

/** What the recipient types on the onboarding page; a random primary domain unless given. */
export function onboardingBody(overrides: Record<string, unknown> = {}) {
  const id = word();
  return {
    organizationName: `Onboarded ${id}`,
    primaryDomain: `onboarded-${id}.example`,
    address: { line1: '12 rue de la Paix', city: 'Paris', postalCode: '75002', country: 'FR' },
    admin: { displayName: `Admin ${id}`, password: 'A-long-enough-passphrase' },
    ...overrides,
  };
}

/** GET or POST /activation/{token}, as the recipient's browser (same origin, no session). */
export function activation(app: FastifyInstance, token: string, payload?: object) {
  return app.inject({
    method: payload ? 'POST' : 'GET',
    url: `/api/v1/activation/${token}`,
    headers: { origin: 'http://localhost:3000' },
    ...(payload ? { payload } : {}),
  });
}

/** The messages the development mailbox kept for a recipient, newest first. */
export async function mailbox(app: FastifyInstance, recipient: string): Promise<MailMessage[]> {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/dev/mailbox?recipient=${encodeURIComponent(recipient)}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ items: MailMessage[] }>().items;
}

/** The stored row of an activation link. */
export async function activationLinkRow(database: DatabaseHandle, id: string) {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx.select().from(activationLinks).where(eq(activationLinks.id, id));
    return row;
  });
}

/** The stored row of a delegated-admin relationship. */
export async function relationshipRow(database: DatabaseHandle, id: string) {
  return unsafeSystemTransaction(database.db, async (tx) => {
    const [row] = await tx.select().from(delegatedAdminRelationships).where(eq(delegatedAdminRelationships.id, id));
    return row;
  });
}

/** The events recorded about a target, oldest first, optionally of one action. */
export async function eventsAbout(database: DatabaseHandle, targetId: string, action?: string) {
  return unsafeSystemTransaction(database.db, (tx) =>
    tx
      .select({ action: events.action, organizationId: events.organizationId, changes: events.changes })
      .from(events)
      .where(action ? and(eq(events.targetId, targetId), eq(events.action, action)) : eq(events.targetId, targetId))
      .orderBy(asc(events.id)),
  );
}

export interface StreamedEvents {
  events: { id: string; action: string; organizationId: string; target: { id: string; label: string | null } }[];
  /** The server ended the stream. */
  ended: boolean;
  close: () => void;
}

/** Opens GET /events/stream over a real socket (the app must listen) and collects the events it delivers. */
export async function openEventStream(app: FastifyInstance, headers: AuthHeaders): Promise<StreamedEvents> {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening');
  const controller = new AbortController();
  const res = await fetch(`http://127.0.0.1:${address.port}/api/v1/events/stream`, {
    headers,
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const streamed: StreamedEvents = { events: [], ended: false, close: () => controller.abort() };
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) {
          streamed.ended = true;
          return;
        }
        buffer += decoder.decode(chunk.value as Uint8Array, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data) streamed.events.push(JSON.parse(data) as StreamedEvents['events'][number]);
        }
      }
    } catch {
      // aborted by the test: the stream is over
    }
  })();
  return streamed;
}

/** Waits until a condition holds, failing after the time limit (the stream is asynchronous by nature). */
export async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
