import { gzipSync } from 'node:zlib';

/**
 * The request generator of the schema-driven fuzz test (server/src/platform/http/fuzz.test.ts): valid values read off
 * an operation's OpenAPI schemas, and the mutations that once made the server answer 500 or a non-problem error.
 * Everything random comes from one seeded PRNG, so that a seed replays the same requests.
 */

/** mulberry32: 32 bits of state, good enough to pick test inputs, and reproducible from its seed. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  word(length = 8): string {
    let text = '';
    for (let i = 0; i < length; i++) text += 'abcdefghijklmnopqrstuvwxyz0123456789'[this.int(0, 35)];
    return text;
  }

  uuid(): string {
    const hex = () => this.int(0, 0xffff).toString(16).padStart(4, '0');
    return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
  }
}

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, `{id}` style. */
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
  /** Declared `security: []`: meant for anonymous callers. */
  anonymous: boolean;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        security?: unknown[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every operation of the document, with its `$ref`s resolved. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = (schema: JsonSchema | undefined): JsonSchema => {
    const name = schema?.$ref?.replace('#/components/schemas/', '');
    return (name ? doc.components?.schemas?.[name] : schema) ?? {};
  };
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      parameters: (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema) })),
      body: op.requestBody?.content?.['application/json']
        ? resolve(op.requestBody.content['application/json'].schema)
        : null,
      anonymous: Array.isArray(op.security) && op.security.length === 0,
    })),
  );
}

/** Values the fixtures know (real ids, tokens, cursors) for a field of a given name, else undefined. */
export interface Hints {
  uuid(field: string): string;
  string(field: string): string | undefined;
}

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? schema.type[0] : (schema.type ?? (schema.properties ? 'object' : undefined));

function matches(schema: JsonSchema, text: string): boolean {
  const patterns = [schema.pattern, ...(schema.allOf ?? []).map((s) => s.pattern)].filter(Boolean) as string[];
  return patterns.every((p) => new RegExp(p, 'u').test(text));
}

/** A valid value for the schema (best effort: a pattern it cannot satisfy gives a plausible word). */
export function valueFor(schema: JsonSchema, field: string, rnd: Random, hints: Hints): unknown {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches?.length) return valueFor(rnd.pick(branches), field, rnd, hints);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return rnd.pick(schema.enum);
  switch (typeOf(schema)) {
    case 'object':
      return objectFor(schema, rnd, hints);
    case 'array': {
      const min = schema.minItems ?? 0;
      const count = rnd.int(min, Math.max(min, Math.min(schema.maxItems ?? 3, 3)));
      const items = Array.from({ length: count }, () => valueFor(schema.items ?? {}, field, rnd, hints));
      return schema.uniqueItems ? [...new Set(items)] : items;
    }
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? 0;
      const hi = schema.maximum ?? Math.max(lo, 100);
      return rnd.chance(0.3) ? rnd.pick([lo, hi]) : rnd.int(lo, Math.min(hi, lo + 1000));
    }
    case 'boolean':
      return rnd.chance(0.5);
    case 'string':
      return stringFor(schema, field, rnd, hints);
    default:
      return rnd.word();
  }
}

function objectFor(schema: JsonSchema, rnd: Random, hints: Hints): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  const properties = Object.entries(schema.properties ?? {});
  for (const [name, property] of properties) {
    if (schema.required?.includes(name) || rnd.chance(0.5)) value[name] = valueFor(property, name, rnd, hints);
  }
  for (const [name, property] of properties) {
    if (Object.keys(value).length >= (schema.minProperties ?? 0)) break;
    value[name] ??= valueFor(property, name, rnd, hints);
  }
  return value;
}

/** Date-times RFC 3339 allows at the edges of its range: a leap second, years 0 and 9999, the widest offsets. */
const edgeDateTimes = [
  '2016-12-31T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59-23:59',
  '9999-12-31T23:59:59.999Z',
  '9999-01-01T00:00:00Z',
  '2024-02-29T12:00:00+05:45',
  '1970-01-01T00:00:00.000000001Z',
  '2024-01-01t00:00:00z',
];

function stringFor(schema: JsonSchema, field: string, rnd: Random, hints: Hints): string {
  if (schema.format === 'uuid') {
    if (rnd.chance(0.05)) return rnd.pick(['00000000-0000-0000-0000-000000000000', hints.uuid(field).toUpperCase()]);
    return hints.uuid(field);
  }
  if (schema.format === 'date-time') {
    if (rnd.chance(0.5)) return rnd.pick(edgeDateTimes);
    return new Date(Date.UTC(2025, rnd.int(0, 24), rnd.int(1, 28), rnd.int(0, 23))).toISOString();
  }
  if (schema.maxLength !== undefined && rnd.chance(0.1)) {
    // As long as allowed (within reason): the longest values are the ones that outgrow a column or a buffer.
    const longest = 'ü'.repeat(Math.min(schema.maxLength, 5000));
    if (matches(schema, longest)) return longest;
  }
  if (schema.format === 'email' || /mail|recipient/i.test(field)) {
    const known = hints.string(field);
    return known ?? `fz-${rnd.word(6)}@example.com`;
  }
  const hinted = hints.string(field);
  if (hinted !== undefined && matches(schema, hinted)) return hinted;
  const min = schema.minLength ?? 1;
  const max = Math.min(schema.maxLength ?? 24, Math.max(min, 24));
  for (let attempt = 0; attempt < 5; attempt++) {
    const text = rnd.word(rnd.int(min, max));
    if (matches(schema, text)) return text;
  }
  return rnd.word(Math.max(min, 3));
}

/** Text that is not JSON: numbers JSON has no word for. A marker keeps their place until the body is written. */
const RAW = '\u0001raw:';
const raw = (text: string) => `${RAW}${text}\u0001`;

/** The JSON text of a body, the raw markers replaced by what they hold (Infinity, 1e400…). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0001raw:(.*?)\\u0001"/g, (_, text: string) => text.replaceAll('\\"', '"'));
}

const nastyStrings = (rnd: Random): string[] => [
  '',
  ' ',
  '\u0000',
  `a\u0000b`,
  '\ud800',
  `x\udfff`,
  '🚀',
  '👩‍👩‍👧',
  '\u202e\u200b',
  'urn:uuid:00000000-0000-0000-0000-000000000001',
  '00000000-0000-0000-0000-000000000000',
  '%00',
  '%E0%A4%A',
  "'; DROP TABLE users; --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{tenantId}{domain}',
  '\r\nX-Injected: 1',
  'Ω'.repeat(rnd.int(190, 210)),
  'x'.repeat(rnd.pick([255, 256, 1001, 5001, 20_000])),
  '1e400',
  'Infinity',
  'null',
];

/** Values a format accepts at its edges, or nearly accepts: where a validator and the database disagree. */
const nastyByFormat: Record<string, string[]> = {
  'date-time': [
    '2016-12-31T23:59:60Z',
    '2016-12-31T15:59:60-08:00',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+14:00',
    '9999-12-31T23:59:59-23:59',
    '9999-12-01T00:00:00Z',
    '9998-06-30T23:59:59.999Z',
    '2023-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2024-01-01t00:00:00z',
    '2024-01-01T00:00:00.123456789Z',
    '2024-01-01 00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:00:00',
    '+275760-09-13T00:00:00Z',
    '2024-13-01T00:00:00Z',
  ],
  uuid: [
    'urn:uuid:00000000-0000-0000-0000-000000000001',
    '00000000-0000-0000-0000-000000000000',
    'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    '{00000000-0000-0000-0000-000000000001}',
    '00000000000000000000000000000001',
    '00000000-0000-0000-0000-00000000000g',
  ],
  email: [
    'a@b',
    '"quoted local"@example.com',
    'a@[127.0.0.1]',
    `${'l'.repeat(65)}@example.com`,
    'é@exämple.com',
    'a..b@example.com',
    '@example.com',
    'a@example.com.',
  ],
};

/** A value just outside, or at the edge of, what the schema's format accepts (general nasty text otherwise). */
export function nastyFor(schema: JsonSchema, rnd: Random): string {
  const edges = schema.format ? nastyByFormat[schema.format] : undefined;
  return edges && rnd.chance(0.7) ? rnd.pick(edges) : rnd.pick(nastyStrings(rnd));
}

const nastyNumbers: unknown[] = [
  -1,
  0,
  -2147483649,
  2147483648,
  Number.MAX_SAFE_INTEGER,
  1e21,
  1.5,
  '5',
  ['5'],
  raw('1e400'),
  raw('-1e400'),
  raw('1e-400'),
  raw('-0'),
  raw('9007199254740993'),
  raw('NaN'),
  raw('Infinity'),
  raw('01'),
];

const otherTypes: unknown[] = [0, -1, 1.5, true, false, null, 'text', '', [], {}, [1, 2], { a: 1 }, [[]], [{}]];

interface Leaf {
  path: (string | number)[];
  schema: JsonSchema;
  /** The value there is a JSON object (a previous mutation may have replaced one). */
  object: boolean;
}

/** Every place of a value with the schema that describes it, the value itself included. */
function leavesOf(value: unknown, schema: JsonSchema, path: (string | number)[] = []): Leaf[] {
  const branch = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  const own = branch && !schema.type ? { ...branch, ...schema } : schema;
  const object = typeof value === 'object' && value !== null && !Array.isArray(value);
  const here: Leaf[] = [{ path, schema: own, object }];
  if (Array.isArray(value)) {
    return here.concat(value.flatMap((item, i) => leavesOf(item, own.items ?? {}, [...path, i])));
  }
  if (object) {
    const properties = own.properties ?? {};
    return here.concat(
      Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
        leavesOf(v, properties[k] ?? {}, [...path, k]),
      ),
    );
  }
  return here;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  // defineProperty, so that `__proto__` becomes a key of the JSON rather than the object's prototype.
  Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function deleteAt(root: unknown, path: (string | number)[]): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) delete node[last];
}

/** A mutation of a JSON body: the mutated value and what was done, for the failure report. */
export function mutateValue(value: unknown, schema: JsonSchema, rnd: Random): { value: unknown; what: string } {
  const copy: unknown = structuredClone(value);
  const leaves = leavesOf(copy, schema);
  const leaf = rnd.pick(leaves);
  const where = leaf.path.join('.') || '(body)';
  const kind = rnd.pick([
    'missing-required',
    'wrong-type',
    'boundary',
    'string',
    'string',
    'number',
    'array-for-scalar',
    'extra-property',
    'deep-nesting',
  ] as const);
  switch (kind) {
    case 'missing-required': {
      const objects = leaves.filter((l) => l.object && l.schema.required?.length);
      if (objects.length === 0) break;
      const object = rnd.pick(objects);
      const name = rnd.pick(object.schema.required ?? []);
      deleteAt(copy, [...object.path, name]);
      return { value: copy, what: `missing required ${[...object.path, name].join('.')}` };
    }
    case 'wrong-type': {
      const wrong: unknown = rnd.pick(otherTypes);
      return { value: setAt(copy, leaf.path, wrong), what: `${where} = ${JSON.stringify(wrong)}` };
    }
    case 'boundary': {
      const s = leaf.schema;
      const options: unknown[] = [];
      if (s.minimum !== undefined) options.push(s.minimum - 1, s.minimum);
      if (s.maximum !== undefined) options.push(s.maximum + 1, s.maximum);
      if (s.minLength !== undefined) options.push('x'.repeat(Math.max(0, s.minLength - 1)));
      if (s.maxLength !== undefined) options.push('x'.repeat(s.maxLength), 'x'.repeat(s.maxLength + 1));
      if (s.maxItems !== undefined) options.push(Array.from({ length: s.maxItems + 1 }, (_, i) => String(i)));
      if (s.minItems !== undefined) options.push([]);
      if (options.length === 0) break;
      const bound = rnd.pick(options);
      const shown = typeof bound === 'string' || Array.isArray(bound) ? `length ${bound.length}` : String(bound);
      return { value: setAt(copy, leaf.path, bound), what: `${where} at its bound (${shown})` };
    }
    case 'string': {
      const text = nastyFor(leaf.schema, rnd);
      return { value: setAt(copy, leaf.path, text), what: `${where} = ${JSON.stringify(text).slice(0, 60)}` };
    }
    case 'number': {
      const n = rnd.pick(nastyNumbers);
      return { value: setAt(copy, leaf.path, n), what: `${where} = ${jsonText(n)}` };
    }
    case 'array-for-scalar': {
      const current = leaf.path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], copy);
      const wrapped: unknown = Array.isArray(current) ? current[0] : rnd.chance(0.5) ? [current] : [current, current];
      return { value: setAt(copy, leaf.path, wrapped), what: `${where} array/scalar swapped` };
    }
    case 'extra-property': {
      const objects = leaves.filter((l) => l.object);
      if (objects.length === 0) break;
      const object = rnd.pick(objects);
      const name = rnd.pick(['extra', '__proto__', 'constructor', 'id', 'organizationId', '', 'status']);
      setAt(copy, [...object.path, name], rnd.pick<unknown>(['x', { polluted: true }, 1, null]));
      return { value: copy, what: `extra property ${JSON.stringify(name)} in ${object.path.join('.') || '(body)'}` };
    }
    case 'deep-nesting': {
      // Written as text: JSON.stringify itself runs out of stack on such a value.
      const depth = rnd.pick([64, 1000, 20_000]);
      const inner = rnd.chance(0.5) ? '{"constructor":{"prototype":1}}' : '1';
      const nested = raw(`${'['.repeat(depth)}${inner}${']'.repeat(depth)}`);
      return { value: setAt(copy, leaf.path, nested), what: `${where} nested ${depth} deep` };
    }
  }
  return { value: setAt(copy, leaf.path, null), what: `${where} = null` };
}

/** A body that is not what the route parses: wrong media type, not JSON, empty, compressed or mislabelled. */
export function rawBody(
  json: string,
  rnd: Random,
): { payload?: string | Buffer; headers: Record<string, string>; what: string } {
  const choice = rnd.int(0, 13);
  switch (choice) {
    case 0:
      return { headers: { 'content-type': 'application/json' }, what: 'empty body, JSON content type' };
    case 1:
      return { headers: {}, what: 'no body, no content type' };
    case 2: {
      const type = rnd.pick([
        'text/plain',
        'application/xml',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/merge-patch+json',
        'application/json; charset=utf-16',
        'APPLICATION/JSON',
        'application/json;;',
        '*/*',
        'text/json',
      ]);
      return { payload: json, headers: { 'content-type': type }, what: `content type ${type}` };
    }
    case 3: {
      const text = rnd.pick(['{"a":', '{', '}', 'nul', '{"a":1}}', "{'a':1}", '\u0000', '[1,]', '{"a":1,}']);
      return { payload: text, headers: { 'content-type': 'application/json' }, what: 'not JSON' };
    }
    case 4: {
      const text = rnd.pick(['null', '[]', '"text"', '1', 'true', '[{}]', '{}', `[${json}]`]);
      return { payload: text, headers: { 'content-type': 'application/json' }, what: `top-level ${text.slice(0, 20)}` };
    }
    case 5:
      return {
        payload: json.replace(/^\{/, '{"__proto__":{"polluted":true},'),
        headers: { 'content-type': 'application/json' },
        what: '__proto__ key',
      };
    case 6:
      return {
        payload: `\ufeff${json}`,
        headers: { 'content-type': 'application/json' },
        what: 'byte-order mark',
      };
    case 7: {
      const encoding = rnd.pick(['gzip', 'br', 'deflate', 'compress', 'identity', 'gzip, gzip']);
      return {
        payload: json,
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        what: `uncompressed body labelled ${encoding}`,
      };
    }
    case 8:
      return {
        payload: gzipSync(json),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        what: 'gzip body',
      };
    case 9:
      return {
        payload: json.replace(/^\{/, '{"a":1,"a":2,'),
        headers: { 'content-type': 'application/json' },
        what: 'duplicate keys',
      };
    case 10:
      return {
        payload: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
        headers: { 'content-type': 'application/json' },
        what: 'body over the limit',
      };
    case 11:
      return {
        payload: `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
        headers: { 'content-type': 'application/json' },
        what: 'array nested 50,000 deep',
      };
    case 12:
      return {
        payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
        headers: { 'content-type': 'application/json' },
        what: 'invalid UTF-8 in a JSON string',
      };
    default:
      return {
        payload: json,
        headers: { 'content-type': 'application/json', 'content-length': String(rnd.int(0, 3)) },
        what: 'content-length shorter than the body',
      };
  }
}

/** Query-string and path values as sent on the wire (already %-encoded, or deliberately not). */
export function nastyParameter(rnd: Random): string {
  return rnd.pick([
    '%00',
    'a%00b',
    '%E0%A4%A',
    '%ZZ',
    '%',
    '%ED%A0%80',
    '%C0%AF',
    '%F0%9F%9A%80',
    'urn%3Auuid%3A00000000-0000-0000-0000-000000000001',
    'Infinity',
    '-Infinity',
    'NaN',
    '1e400',
    '-1',
    '0',
    '-0',
    '1.5',
    '0x10',
    '9007199254740993',
    '',
    '%20',
    'true',
    'null',
    '%5B%5D',
    '%7B%7D',
    "'%20OR%201%3D1--",
    '..%2F..%2Fetc%2Fpasswd',
    '00000000-0000-0000-0000-000000000000',
    '0000000000000000000000000000000A',
    'x'.repeat(rnd.pick([101, 1001, 20_000])),
    rnd.word(rnd.int(1, 40)),
  ]);
}
