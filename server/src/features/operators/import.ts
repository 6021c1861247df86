// Import of the legacy portal's operator export (issue 4 point 5). Three steps: parse the whole file (a format error
// stops everything before anything is written), screen the rows on their own (role, address, duplicates: pure), then
// apply the rest in batches, each one transaction that reads its organisations and users in two queries and writes
// with multi-row statements. Every decision is taken from what the database holds, so a second run finds everything
// already done and changes nothing.
// Each stage is its own file; this one is the import's entry point (the CLI, the benchmark and the tests use it).
export { ImportFileError, parseLegacyExport, type LegacyRow } from './import-parse.ts';
export {
  decide,
  screenRows,
  type Candidate,
  type Decision,
  type ImportReport,
  type Outcome,
  type RowResult,
  type SkipCode,
} from './import-screen.ts';
export { importOperators, ImportStoppedError, type ImportOptions } from './import-apply.ts';
export { formatImportReport, importReportCsv } from './import-report.ts';
