import { ApiError, type ProblemDetails } from '../../shared/api';
import i18n from '../../shared/i18n';

/** One field the server rejected; `path` is like "body/recipientEmail" or "body/skus/0/quantity". */
export interface FieldProblem {
  path: string;
  message: string;
}

/** An ApiError that also keeps the field errors of the problem details (`errors`). */
export class FormApiError extends ApiError {
  readonly fields: readonly FieldProblem[];

  constructor(problem: ProblemDetails, fields: readonly FieldProblem[]) {
    super(problem);
    this.fields = fields;
  }
}

/**
 * POSTs a form to the API like `api()` does, but keeps the `errors` list of a 400 so that the form can point at the
 * fields. (shared/api.ts drops it; once ApiError carries it, this can go.)
 */
export async function submitForm<T>(path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.language };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!response.ok) {
    const type = response.headers.get('content-type') ?? '';
    const problem = type.includes('json')
      ? ((await response.json()) as Partial<ProblemDetails> & { errors?: unknown })
      : { title: response.statusText };
    throw new FormApiError({ ...problem, status: response.status }, fieldProblems(problem));
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function fieldProblems(problem: { errors?: unknown }): FieldProblem[] {
  if (!Array.isArray(problem.errors)) return [];
  return problem.errors.filter(
    (entry): entry is FieldProblem =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as FieldProblem).path === 'string' &&
      typeof (entry as FieldProblem).message === 'string',
  );
}

/** The field paths (without the "body/" prefix) the server rejected in this error, e.g. "address/city". */
export function rejectedFields(error: unknown): Set<string> {
  if (!(error instanceof FormApiError)) return new Set();
  return new Set(error.fields.map((field) => field.path.replace(/^body\/?/, '')));
}
