import { ApiError, type ProblemDetails } from '../../shared/api';
import i18n from '../../shared/i18n';

/** A field the server rejected, e.g. "body/contact/email". */
export interface FieldProblem {
  path: string;
  message: string;
}

/** An ApiError that keeps the problem's field list, so that a form can point at the fields. */
export class RequestError extends ApiError {
  readonly fields: readonly FieldProblem[];

  constructor(problem: ProblemDetails, fields: readonly FieldProblem[]) {
    super(problem);
    this.fields = fields;
  }
}

/** A JSON answer and the version the server tagged it with (`ETag`), for a later `If-Match`. */
export interface Versioned<T> {
  data: T;
  etag: string | null;
}

type Method = 'GET' | 'POST' | 'PATCH';

/**
 * Calls the API like shared/api.ts `api()`, but also sends `If-Match` / `Idempotency-Key` and returns the `ETag`,
 * which service requests need for safe concurrent edits. Throws a RequestError with the field list on failure.
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
  if (!response.ok) {
    const type = response.headers.get('content-type') ?? '';
    const problem = type.includes('json')
      ? ((await response.json()) as Partial<ProblemDetails> & { errors?: unknown })
      : { title: response.statusText };
    throw new RequestError({ ...problem, status: response.status }, fieldProblems(problem.errors));
  }
  return { data: (await response.json()) as T, etag: response.headers.get('etag') };
}

function fieldProblems(errors: unknown): FieldProblem[] {
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (entry): entry is FieldProblem =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as FieldProblem).path === 'string' &&
      typeof (entry as FieldProblem).message === 'string',
  );
}

/** The form fields ("title", "contact/email") the server rejected in this error. */
export function rejectedFields(error: unknown): Set<string> {
  if (!(error instanceof RequestError)) return new Set();
  return new Set(error.fields.map((field) => field.path.replace(/^body\/?/, '')));
}
