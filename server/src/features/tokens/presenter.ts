import type { ApiTokenRow } from './repository.ts';
import type { ApiToken, ApiTokenCollection, CreatedApiToken } from './schemas.ts';

/** A token as its owner sees it: never the secret, which is shown once, at creation. */
export function presentToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/** The caller's tokens, every one (their number is not capped): the collection envelope without a next page. */
export function presentTokenList(rows: ApiTokenRow[], self: string): ApiTokenCollection {
  return { totalCount: rows.length, items: rows.map(presentToken), links: { self } };
}

/** A token just created: the one answer that carries its secret. */
export function presentCreatedToken(row: ApiTokenRow, secret: string): CreatedApiToken {
  return { ...presentToken(row), token: secret };
}
