import i18n from './i18n';

/** One field the server rejected (a 400's `errors`); `path` is like "body/email" or "body/skus/0/quantity". */
export interface FieldProblem {
  path: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

/** An API answer that was not a success; `detail` is already translated and may be shown to people. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** The fields the server rejected, so that a form can point at them (empty unless a 400 listed them). */
  readonly fields: readonly FieldProblem[];

  constructor(problem: ProblemDetails, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title ?? `HTTP ${String(problem.status)}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? 'unknown';
    this.detail = problem.detail;
    this.requestId = problem.requestId;
    this.retryAfterSeconds = retryAfterSeconds;
    this.fields = problem.errors ?? [];
  }
}

/** The shape of every collection answer. */
export interface Collection<T> {
  totalCount: number;
  items: T[];
  links: { self: string; next?: string };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

const API_PREFIX = '/api/v1';

/** Accepts a path relative to /api/v1 ("/me") or a full path the server handed back ("/api/v1/…?cursor=…"). */
function resolve(path: string): string {
  return path.startsWith('/api/') ? path : `${API_PREFIX}${path}`;
}

async function readProblem(response: Response): Promise<ProblemDetails> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await response.json()) as Omit<Partial<ProblemDetails>, 'errors'> & { errors?: unknown };
    return { ...body, status: response.status, errors: fieldProblems(body.errors) };
  }
  return { status: response.status, title: response.statusText };
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

/**
 * The ApiError of a response that was not a success: its problem details, field list included, and `Retry-After`.
 * For the few callers that need more of the response than `api()` gives (an `ETag`).
 */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    await readProblem(response),
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/** Calls the Relais API; resolves with the JSON body (undefined for 204) or throws an ApiError. */
export async function api<T>(path: string, options: { method?: Method; body?: unknown; signal?: AbortSignal } = {}) {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(resolve(path), {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
    signal: options.signal ?? null,
  });
  if (!response.ok) throw await apiErrorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Builds "path?a=1&b=2", leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** The form fields (paths without "body/", like "email" or "address/city") the server rejected in this error. */
export function rejectedFields(error: unknown): Set<string> {
  if (!(error instanceof ApiError)) return new Set();
  return new Set(error.fields.map((field) => field.path.replace(/^body\/?/, '')));
}
