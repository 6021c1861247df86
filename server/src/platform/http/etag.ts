import { AppError } from '../errors/app-error.ts';

/** The ETag of a versioned record (DESIGN §6: updates of shared records use ETag / If-Match). */
export const etagOf = (version: number): string => `"${String(version)}"`;

/** Refuses a change whose If-Match names none of the current version's tag (412); no If-Match means no check. */
export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined) return;
  const tags = ifMatch.split(',').map((t) => t.trim());
  if (!tags.includes('*') && !tags.includes(etagOf(version))) throw new AppError('precondition_failed');
}
