import Type, { type Static, type TSchema } from 'typebox';
import { AppError } from '../errors/app-error.ts';

export const PageQuery = Type.Object({
  size: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type PageQuery = Static<typeof PageQuery>;

/** The collection envelope of DESIGN §6. */
export function Collection<T extends TSchema>(item: T, name: string) {
  return Type.Object(
    {
      totalCount: Type.Integer(),
      items: Type.Array(item),
      links: Type.Object({ self: Type.String(), next: Type.Optional(Type.String()) }),
    },
    { $id: `${name}Collection` },
  );
}

/** Opaque cursors: the sort key of the last item, base64url JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): unknown[] | null {
  if (!cursor) return null;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length) return key as unknown[];
  } catch {
    // fall through to the validation error below: a cursor that does not parse is bad input
  }
  throw new AppError('validation_failed', {
    params: { fields: 'query/cursor' },
    extensions: { errors: [{ path: 'query/cursor', message: 'invalid cursor' }] },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The (createdAt, id) cursor of lists ordered by time: a cursor that is not one is bad input (400), not a failed cast
 * in the database.
 */
export function decodeTimeCursor(cursor: string | undefined): { createdAt: string; id: string } | null {
  const key = decodeCursor(cursor, 2);
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
  throw new AppError('validation_failed', {
    params: { fields: 'query/cursor' },
    extensions: { errors: [{ path: 'query/cursor', message: 'invalid cursor' }] },
  });
}

/** Builds the envelope: takes one row more than the page to know whether a next page exists. */
export function toCollection<Row, Item>(
  rows: Row[],
  size: number,
  totalCount: number,
  url: string,
  present: (row: Row) => Item,
  keyOf: (row: Row) => unknown[],
) {
  const page = rows.slice(0, size);
  const last = page[page.length - 1];
  const links: { self: string; next?: string } = { self: url };
  if (rows.length > size && last) {
    const next = new URL(url, 'http://relais.local');
    next.searchParams.set('cursor', encodeCursor(keyOf(last)));
    links.next = `${next.pathname}${next.search}`;
  }
  return { totalCount, items: page.map(present), links };
}
