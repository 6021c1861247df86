import type { TFunction } from 'i18next';

/** Translated label of a value the server sends as a code, falling back to the code itself. */
export function codeLabel(t: TFunction, prefix: string, code: string): string {
  return t(`${prefix}.${code}`, { defaultValue: code });
}
