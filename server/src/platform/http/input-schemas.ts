import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.ts';

/**
 * Text that PostgreSQL can store and UTF-8 can encode: no NUL (a `text` column refuses it) and no unpaired surrogate
 * (it has no UTF-8 form). Ajv compiles patterns with the `u` flag, so a well-formed pair (an emoji) is one code point
 * outside the class and passes.
 */
export const TEXT_PATTERN = '^[^\\u0000\\uD800-\\uDFFF]*$';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const rfc3339 = fullFormats['date-time'] as { validate: (text: string) => boolean };

/**
 * An RFC 3339 date-time that a JavaScript Date and PostgreSQL both hold. ajv-formats' also accepts a leap second
 * (`23:59:60`: an Invalid Date, whose toISOString() throws) and years outside 1–9999 once the offset is applied
 * (`0000-01-01T00:00:00Z`, `9999-12-31T23:59:59-23:59`: PostgreSQL refuses year 0 and the `+010000-…` that
 * toISOString() writes past 9999). Each was a 500 wherever a date-time is read (audit-log filters, `startsAt`).
 */
function storableDateTime(text: string): boolean {
  if (!rfc3339.validate(text)) return false;
  const date = new Date(text);
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

/**
 * Ajv's formats as the database reads them: ajv-formats' `uuid` also accepts `urn:uuid:…`, which PostgreSQL's uuid
 * cast refuses (that was a 500 on every {id} route); `date-time`, see storableDateTime.
 */
export function strictFormats(ajv: {
  addFormat(name: string, format: RegExp | { type: 'string'; validate: (text: string) => boolean }): unknown;
}): void {
  ajv.addFormat('uuid', UUID);
  ajv.addFormat('date-time', { type: 'string', validate: storableDateTime });
}

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const subschemaLists = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const subschemas = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'] as const;
const subschemaMaps = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;

function typesOf(schema: Schema): unknown[] {
  return Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
}

/**
 * A copy of a request schema in which every string refuses NUL and unpaired surrogates, whatever the route's author
 * wrote, so that no field brings them to the database.
 */
export function hardenRequestSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(hardenRequestSchema);
  if (!isSchema(schema)) return schema;
  const copy: Schema = { ...schema };
  for (const key of subschemaLists) {
    if (Array.isArray(copy[key])) copy[key] = (copy[key] as unknown[]).map(hardenRequestSchema);
  }
  for (const key of subschemas) {
    if (copy[key] !== undefined) copy[key] = hardenRequestSchema(copy[key]);
  }
  for (const key of subschemaMaps) {
    const map = copy[key];
    if (isSchema(map)) copy[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, hardenRequestSchema(v)]));
  }
  const closed = copy.const !== undefined || copy.enum !== undefined;
  const types = typesOf(copy);
  if (types.includes('string') && !closed && copy.pattern !== TEXT_PATTERN) {
    if (copy.pattern === undefined) copy.pattern = TEXT_PATTERN;
    else if (!(copy.allOf as Schema[] | undefined)?.some((s) => s.pattern === TEXT_PATTERN)) {
      copy.allOf = [...((copy.allOf as Schema[] | undefined) ?? []), { pattern: TEXT_PATTERN }];
    }
  }
  return copy;
}

const requestParts = ['body', 'querystring', 'params', 'headers'] as const;

/** Where a validated query string or path holds a number that is not finite (null if none). */
function nonFinite(value: unknown, path: string): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : path;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFinite(item, `${path}/${key}`);
    if (found) return found;
  }
  return null;
}

/**
 * Hardens the request schemas of every route registered after it (the walk runs once, at registration), and refuses
 * the numbers Ajv lets through: it coerces "Infinity", "-Infinity" or "1e400" to a number and then skips `minimum`,
 * `maximum` and `format` for it (they are only checked on finite numbers). From a query string or a path, and from a
 * JSON body too when the number is written as a string (`"expiresInDays": "1e400"`, a 500 found by the fuzz test);
 * a JSON number cannot be one, the type check refuses it.
 */
export function registerInputSchemas(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    for (const part of requestParts) {
      if (schema[part] !== undefined) schema[part] = hardenRequestSchema(schema[part]);
    }
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const path =
      nonFinite(request.query, 'querystring') ??
      nonFinite(request.params, 'params') ??
      // A validated body only: the schema bounds its depth (one no schema looked at may be nested a million deep).
      (request.routeOptions.schema?.body ? nonFinite(request.body, 'body') : null);
    if (!path) return done();
    done(
      new AppError('validation_failed', {
        params: { fields: path },
        extensions: { errors: [{ path, message: 'must be a finite number' }] },
      }),
    );
  });
}
