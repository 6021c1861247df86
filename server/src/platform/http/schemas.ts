import Type from 'typebox';
import { PUBLIC_URL_MAX_LENGTH } from '../../config.ts';

/*
 * Schema fragments shared by the routes. Their limits are published in the OpenAPI document (which Spectral checks
 * with the OWASP rules, scripts/openapi-lint.mjs) and they must be true: in a request, what the server validates; in
 * an answer, the limit of the validated input the value came from, or the known length of what the server generates.
 * (Answers are serialised by fast-json-stringify, which does not check them.)
 */

export const INT32_MAX = 2_147_483_647;

/** A PostgreSQL `integer` (int4) at least `minimum`: a column, or a `count(*)::int`. */
export const Int32 = (minimum: number, maximum = INT32_MAX, options: { description?: string } = {}) =>
  Type.Integer({ format: 'int32', minimum, maximum, ...options });

/** A count: `count(*)::int`, or an `integer` column that holds one. */
export const Count = (options: { description?: string } = {}) => Int32(0, INT32_MAX, options);

/** The strict `uuid` of input-schemas.ts: exactly 36 characters. */
export const Uuid = Type.String({ format: 'uuid', maxLength: 36 });

/**
 * RFC 3339 with up to nanoseconds and an offset (`2025-01-31T23:59:59.123456789+01:00`) is 35 characters; the server
 * writes toISOString()'s 24.
 */
export const DateTime = Type.String({ format: 'date-time', maxLength: 35 });
export const NullableDateTime = Type.Union([DateTime, Type.Null()]);

/** Names people type: organisations, operators, products, SKUs, contacts (every such input allows 200). */
export const NAME_MAX_LENGTH = 200;
export const Name = Type.String({ maxLength: NAME_MAX_LENGTH });

/** E-mail addresses: inputs allow 320 (RFC 5321's 64 + 1 + 255), the operator import 254. */
export const EMAIL_MAX_LENGTH = 320;
export const EmailAddress = Type.String({ maxLength: EMAIL_MAX_LENGTH });

/** A DNS name: at most 253 characters (every domain input has this limit and the hostname pattern). */
export const DOMAIN_MAX_LENGTH = 253;
export const DomainName = Type.String({ maxLength: DOMAIN_MAX_LENGTH });

/** ISO 3166-1 alpha-2, as the organizations table's check constraint requires. */
export const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', minLength: 2, maxLength: 2 });

/** One of a closed set of names, published as a string: as long as the longest. */
export const OneOf = (names: readonly string[], options: { description?: string } = {}) =>
  Type.String({ maxLength: Math.max(...names.map((n) => n.length)), ...options });

/** An address of this deployment: PUBLIC_URL followed by a path of at most `pathLength` characters. */
export const PublicUrl = (pathLength: number, options: { description?: string } = {}) =>
  Type.String({ maxLength: PUBLIC_URL_MAX_LENGTH + pathLength, ...options });

/**
 * What the server does not bound, said in the document rather than given a made-up limit: the reason goes in
 * `x-unbounded`, which .spectral.yaml reports as a warning instead of an error. Answers only: every request schema
 * has real limits (.spectral.yaml refuses the mark in a request).
 */
export const unbounded = (reason: string) => ({ 'x-unbounded': reason });

/** If-Match (etag.ts): one or a few tags of `"<version>"`, a PostgreSQL integer, or `*`. */
export const IfMatch = Type.String({ maxLength: 256, description: 'The ETag of the version you loaded ("<version>")' });

/**
 * The request target (path and query) is at most 16 KiB: Node's limit on the request line and headers
 * (--max-http-header-size), beyond which the request is refused (431) before it reaches the app.
 */
export const REQUEST_TARGET_MAX_LENGTH = 16 * 1024;
