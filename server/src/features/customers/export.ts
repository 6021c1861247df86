import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyRequest } from 'fastify';
import { localeOf } from '../../platform/i18n/locale.ts';
import type { Locale } from '../../platform/i18n/messages.ts';
import { sortKeyOf, type SummaryFilter, type SummaryRow } from './repository.ts';
import { exportBatch } from './service.ts';

// Each batch is its own short transaction: the export never holds a connection (or PGlite's only one) for the
// whole download, and memory holds one batch at a time whatever the size of the list.
const BATCH = 2000;

const headers: Record<Locale, string[]> = {
  en: ['Name', 'Primary domain', 'Service health', 'Open service requests', 'Licences', 'Next expiry', 'SKUs'],
  fr: [
    'Nom',
    'Domaine principal',
    'État du service',
    'Demandes de service ouvertes',
    'Licences',
    'Prochaine expiration',
    'SKU',
  ],
};

const healthText: Record<Locale, Record<string, string>> = {
  en: { healthy: 'Healthy', advisory: 'Advisory', incident: 'Incident' },
  fr: { healthy: 'Sain', advisory: 'Avis', incident: 'Incident' },
};

/** A spreadsheet runs a cell that starts with = + - @ as a formula: such text is prefixed with a quote. */
function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function toRecord(row: SummaryRow, locale: Locale): string[] {
  const expiry = Number.isFinite(row.nextExpiry.getTime()) ? row.nextExpiry.toISOString().slice(0, 10) : '';
  return [
    safeCell(row.name),
    safeCell(row.primaryDomain),
    healthText[locale][row.health] ?? row.health,
    String(row.openServiceRequests),
    String(row.licences),
    expiry,
    safeCell(row.skus.join('; ')),
  ];
}

/**
 * The CSV of the whole list, same filters and sort, produced batch by batch as the client reads it. The first batch
 * is read before the stream is returned, so that a refusal is still an error response rather than a cut download.
 * Each batch goes out as one chunk of text (~200 kB): a chunk per line meant 100,000 writes, each a round trip to the
 * compressor in libuv's thread pool, which cost more than the compression itself (issue 13 §3).
 */
export async function customerCsv(request: FastifyRequest, filter: SummaryFilter): Promise<Readable> {
  const locale = localeOf(request);
  const first = await request.run(exportBatch, { filter, after: null, size: BATCH });
  async function* chunks() {
    let rows = first;
    let header = true;
    for (;;) {
      yield stringify(
        rows.map((row) => toRecord(row, locale)),
        { header, columns: headers[locale], bom: header },
      );
      header = false;
      const last = rows[rows.length - 1];
      if (rows.length < BATCH || !last) return;
      rows = await request.run(exportBatch, { filter, after: sortKeyOf(last, filter.sort), size: BATCH });
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
