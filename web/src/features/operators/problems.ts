import { ApiError, rejectedFields } from '../../shared/api';

/** The refusals that are about the address itself: shown on the e-mail field, in the server's words. */
const EMAIL_PROBLEMS = new Set(['consumer_mailbox', 'email_domain_not_verified', 'email_taken']);

/** Where a refusal of the server belongs: on the e-mail field, under the roles, or (undefined) above the form. */
export function serverMessages(error: unknown): { email?: string; roles?: string } {
  if (!(error instanceof ApiError)) return {};
  const detail = error.detail ?? error.message;
  if (EMAIL_PROBLEMS.has(error.code)) return { email: detail };
  if (error.code === 'validation_failed') {
    const fields = rejectedFields(error);
    if (fields.has('roles') || [...fields].some((field) => field.startsWith('roles/'))) return { roles: detail };
    return { email: detail };
  }
  return {};
}
