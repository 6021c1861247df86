import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type, { type Static, type TSchema } from 'typebox';
import { AppError } from '../errors/app-error.ts';
import { Count, REQUEST_TARGET_MAX_LENGTH } from './schemas.ts';

export const PAGE_SIZE_MAX = 500;

export const PageQuery = Type.Object({
  size: Type.Optional(Type.Integer({ format: 'int32', minimum: 1, maximum: PAGE_SIZE_MAX, default: 50 })),
  // A cursor we issue: base64url (4/3) of a sort key of at most ~1,000 UTF-8 bytes (a 200-character name, up to 4
  // bytes each, and a UUID), a dot and its MAC — under 1,400 characters.
  cursor: Type.Optional(Type.String({ maxLength: 2048 })),
});
export type PageQuery = Static<typeof PageQuery>;

// `next` is the request's path and query re-encoded by URLSearchParams (at most 6 characters for one: a character
// outside ASCII becomes two %XX) with a new cursor: base64url of a JSON sort key whose texts (a name, an address, a
// UUID) add up to well under 1,000 characters, each at most 6 bytes once escaped.
const NEXT_LINK_MAX_LENGTH = 6 * REQUEST_TARGET_MAX_LENGTH + 8000;

/**
 * The collection envelope of DESIGN §6: a page holds at most PAGE_SIZE_MAX items; a list that is not paged says why
 * its length has no bound (`unbounded()` of schemas.ts).
 */
export function Collection<T extends TSchema>(item: T, name: string, items: Record<string, unknown> = {}) {
  return Type.Object(
    {
      totalCount: Count(),
      items: Type.Array(item, Object.keys(items).length > 0 ? items : { maxItems: PAGE_SIZE_MAX }),
      links: Type.Object({
        self: Type.String({ maxLength: REQUEST_TARGET_MAX_LENGTH }),
        next: Type.Optional(Type.String({ maxLength: NEXT_LINK_MAX_LENGTH })),
      }),
    },
    { $id: `${name}Collection` },
  );
}

const cursorKey = Symbol('relais.cursorKey');
declare module 'fastify' {
  interface FastifyInstance {
    [cursorKey]: Buffer;
  }
}

/** The key cursors are signed with, derived from the session secret so that every instance accepts the others'. */
export function registerCursors(app: FastifyInstance, secret: string): void {
  app.decorate(cursorKey, createHmac('sha256', secret).update('relais/cursor/v1').digest());
}

function invalidCursor(): AppError {
  return new AppError('invalid_cursor', {
    extensions: { errors: [{ path: 'querystring/cursor', message: 'invalid cursor' }] },
  });
}

/**
 * What a cursor is bound to: the list (its route) and every query parameter but the cursor and the page size, so a
 * cursor of one sort or filter cannot be replayed under another whose key has other types.
 */
function cursorMac(request: FastifyRequest, body: string): string {
  const query = new URL(request.url, 'http://relais.local').searchParams;
  const bound = [...query.entries()]
    .filter(([name]) => name !== 'cursor' && name !== 'size')
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  return createHmac('sha256', request.server[cursorKey])
    .update(JSON.stringify([request.routeOptions.url ?? '', bound, body]))
    .digest('base64url')
    .slice(0, 22);
}

/** Opaque cursors: the sort key of the last item, base64url JSON, signed — the database only sees keys we issued. */
export function encodeCursor(request: FastifyRequest, key: unknown[]): string {
  const body = Buffer.from(JSON.stringify(key)).toString('base64url');
  return `${body}.${cursorMac(request, body)}`;
}

/** The sort key of the request's cursor (null without one); a cursor we did not issue for this list is a 400. */
export function decodeCursor(request: FastifyRequest, length: number): unknown[] | null {
  const cursor = (request.query as { cursor?: unknown } | undefined)?.cursor;
  if (cursor === undefined || cursor === '') return null;
  if (typeof cursor !== 'string') throw invalidCursor();
  const dot = cursor.lastIndexOf('.');
  const body = cursor.slice(0, dot);
  const given = Buffer.from(cursor.slice(dot + 1));
  const expected = Buffer.from(cursorMac(request, body));
  // Compared as text: two base64url strings can differ in their padding bits and still decode to the same bytes.
  if (dot < 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
  try {
    const key: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length) return key as unknown[];
  } catch {
    // fall through: signed by us but not a key of this length (a list whose key changed shape since)
  }
  throw invalidCursor();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The (createdAt, id) cursor of lists ordered by time. */
export function decodeTimeCursor(request: FastifyRequest): { createdAt: string; id: string } | null {
  const key = decodeCursor(request, 2);
  if (!key) return null;
  const [createdAt, id] = key;
  if (
    typeof createdAt === 'string' &&
    !Number.isNaN(Date.parse(createdAt)) &&
    typeof id === 'string' &&
    UUID.test(id)
  ) {
    return { createdAt, id };
  }
  throw invalidCursor();
}

/** Builds the envelope: takes one row more than the page to know whether a next page exists. */
export function toCollection<Row, Item>(
  rows: Row[],
  size: number,
  totalCount: number,
  request: FastifyRequest,
  present: (row: Row) => Item,
  keyOf: (row: Row) => unknown[],
) {
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  const links: { self: string; next?: string } = { self: request.url };
  if (rows.length > size && last) {
    const next = new URL(request.url, 'http://relais.local');
    next.searchParams.set('cursor', encodeCursor(request, keyOf(last)));
    links.next = `${next.pathname}${next.search}`;
  }
  return { totalCount, items: page.map(present), links };
}
