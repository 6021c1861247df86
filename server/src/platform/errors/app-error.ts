import type { Reason } from '../i18n/reasons.ts';

/** Every stable error code the API answers with, and its HTTP status. Codes never change once published. */
export const errorStatus = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  route_not_found: 404,
  invalid_cursor: 400,
  malformed_url: 400,
  bad_request: 400,
  request_timeout: 408,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  headers_too_large: 431,
  shutting_down: 503,
  conflict: 409,
  email_taken: 409,
  last_admin: 409,
  idempotency_key_in_flight: 409,
  idempotency_key_mismatch: 422,
  cannot_change_self: 409,
  consumer_mailbox: 422,
  email_domain_not_verified: 422,
  sso_required: 403,
  sso_unavailable: 409,
  sso_failed: 401,
  sso_address_refused: 422,
  sso_discovery_failed: 422,
  link_expired: 410,
  link_revoked: 410,
  link_used: 410,
  precondition_failed: 412,
  too_many_attempts: 429,
  rate_limited: 429,
  internal: 500,
  not_ready: 503,
  overloaded: 503,
} as const;
export type ErrorCode = keyof typeof errorStatus;

/** The one error type of Relais: a stable code, parameters for the translated message, internal detail for logs. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: Record<string, string | number>;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    options: {
      params?: Record<string, string | number>;
      internal?: string;
      headers?: Record<string, string>;
      extensions?: Record<string, unknown>;
      cause?: unknown;
    } = {},
  ) {
    super(options.internal ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.params = options.params ?? {};
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

export const notFound = (): AppError => new AppError('not_found');

/** A 409: the change conflicts with the current state, for a reason with a code and a sentence in each language. */
export const conflict = (
  reason: Reason,
  params: Record<string, string | number> = {},
  options: { cause?: unknown } = {},
): AppError => new AppError('conflict', { params: { ...params, reason }, cause: options.cause });
