// The legacy import, stage 1 of 3 (import.ts): the whole file is parsed before anything is written; a format error
// stops everything.
import { parse, CsvError } from 'csv-parse/sync';

/** The file cannot be imported at all: unreadable CSV, no header, a missing column. Nothing was written. */
export class ImportFileError extends Error {}

export interface LegacyRow {
  /** Line of the file where the row starts (the header is line 1), as an editor numbers them. */
  line: number;
  email: string;
  displayName: string;
  legacyRole: string;
  domain: string;
  /** Fields found on the line, against the header's. */
  fieldCount: number;
}

type Column = 'email' | 'displayName' | 'legacyRole' | 'domain';

/** Header names as the old portal (and people editing its export) write them, compared by headerKey(). */
const columnNames: Record<Column, string[]> = {
  email: ['email', 'e-mail'],
  displayName: ['display name'],
  legacyRole: ['legacy role'],
  domain: ['organisation primary domain', 'organization primary domain'],
};

function headerKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** The delimiter of the header line: French spreadsheets export with semicolons, the old portal with commas. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Parses the export: the header names the columns (in any order, extra ones ignored); throws ImportFileError. */
export function parseLegacyExport(content: string | Buffer): { rows: LegacyRow[]; columnCount: number } {
  // One line ending throughout, so that line numbers are those an editor shows even in a hand-edited, mixed file.
  const text = (typeof content === 'string' ? content : content.toString('utf8'))
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const records: { line: number; fields: string[] }[] = [];
  try {
    parse(text, {
      delimiter: delimiterOf(text),
      skip_empty_lines: true,
      relax_column_count: true,
      // Kept with the line it starts on (the parser counts to its end), for the report. Trimmed here rather than by
      // the parser, so that the line breaks of quoted fields are all still there to count. Returning null keeps the
      // parser's own array empty.
      on_record: (fields: string[], context) => {
        const breaks = fields.reduce((n, f) => n + f.split('\n').length - 1, 0);
        records.push({ line: context.lines - breaks, fields: fields.map((f) => f.trim()) });
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) throw new ImportFileError(`the file is not valid CSV: ${err.message}`);
    throw err;
  }
  const [header, ...body] = records;
  if (!header) throw new ImportFileError('the file is empty: expected a header row and one row per operator');
  const keys = header.fields.map(headerKey);
  const index = {} as Record<Column, number>;
  const missing: string[] = [];
  for (const [column, names] of Object.entries(columnNames) as [Column, string[]][]) {
    const found = keys.filter((k) => names.some((n) => headerKey(n) === k));
    if (found.length > 1) throw new ImportFileError(`the column «${names[0]}» appears more than once in the header`);
    const at = keys.findIndex((k) => names.some((n) => headerKey(n) === k));
    if (at < 0) missing.push(`«${names[0]}»`);
    index[column] = at;
  }
  if (missing.length > 0) {
    throw new ImportFileError(
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} in the header (found: ${header.fields.join(', ')})`,
    );
  }
  const rows = body.map(({ line, fields }) => ({
    line,
    email: fields[index.email] ?? '',
    displayName: fields[index.displayName] ?? '',
    legacyRole: fields[index.legacyRole] ?? '',
    domain: fields[index.domain] ?? '',
    fieldCount: fields.length,
  }));
  return { rows, columnCount: header.fields.length };
}
