import type { ReactNode } from 'react';

// http(s) addresses only: other schemes (javascript:, data:) stay plain text.
const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;
// Punctuation that ends a sentence rather than the address ("see https://x.example/a.").
const TRAILING = /[.,;:!?)\]}»]+$/;

/** Splits plain text into strings and <a> elements for the web addresses in it; nothing is parsed as HTML. */
export function linkify(text: string, linkClassName?: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = match[0].replace(TRAILING, '');
    if (!isHttpUrl(url)) continue;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={url} className={linkClassName} rel="noopener noreferrer">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === 'http:' || protocol === 'https:';
}
