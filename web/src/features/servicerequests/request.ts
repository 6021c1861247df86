import { apiErrorOf } from '../../shared/api';
import i18n from '../../shared/i18n';

/** A JSON answer and the version the server tagged it with (`ETag`), for a later `If-Match`. */
export interface Versioned<T> {
  data: T;
  etag: string | null;
}

type Method = 'GET' | 'POST' | 'PATCH';

/**
 * Calls the API like shared/api.ts `api()`, but also sends `If-Match` / `Idempotency-Key` and returns the `ETag`,
 * which service requests need for safe concurrent edits. Throws the same ApiError as `api()` (with the field list).
 */
export async function versionedRequest<T>(
  path: string,
  options: {
    method?: Method;
    body?: unknown;
    ifMatch?: string | null;
    idempotencyKey?: string;
    signal?: AbortSignal;
  } = {},
): Promise<Versioned<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch) headers['If-Match'] = options.ifMatch;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const response = await fetch(`/api/v1${path}`, {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    signal: options.signal ?? null,
  });
  if (!response.ok) throw await apiErrorOf(response);
  return { data: (await response.json()) as T, etag: response.headers.get('etag') };
}
