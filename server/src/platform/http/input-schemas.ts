import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.ts';

/**
 * Text that PostgreSQL can store and UTF-8 can encode: no NUL (a `text` column refuses it) and no unpaired surrogate
 * (it has no UTF-8 form). Ajv compiles patterns with the `u` flag, so a well-formed pair (an emoji) is one code point
 * outside the class and passes.
 */
export const TEXT_PATTERN = '^[^\\u0000\\uD800-\\uDFFF]*$';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ajv's `uuid` as the database reads it: ajv-formats' also accepts `urn:uuid:…`, which PostgreSQL's uuid cast refuses
 * (that was a 500 on every {id} route).
 */
export function strictFormats(ajv: { addFormat(name: string, format: RegExp): unknown }): void {
  ajv.addFormat('uuid', UUID);
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
 * the numbers Ajv lets through: it coerces "Infinity", "-Infinity" or "1e400" from a query string to a number and
 * then skips `minimum`, `maximum` and `format` for it (they are only checked on finite numbers). A JSON body cannot
 * bring one: there the type check itself refuses a non-finite number.
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
    const path = nonFinite(request.query, 'querystring') ?? nonFinite(request.params, 'params');
    if (!path) return done();
    done(
      new AppError('validation_failed', {
        params: { fields: path },
        extensions: { errors: [{ path, message: 'must be a finite number' }] },
      }),
    );
  });
}
