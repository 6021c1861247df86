import type { FastifyRequest } from 'fastify';
import { negotiateLocale, type Locale } from './messages.ts';

/** The language people read an answer in: their saved preference, else their browser's. */
export function localeOf(request: FastifyRequest): Locale {
  return request.actor?.language ?? negotiateLocale(request.headers['accept-language']);
}
