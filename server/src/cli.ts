import { readFile, writeFile } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './config.ts';
import { migrate } from './platform/db/migrate.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';
import { seedScale } from './seed/scale.ts';
import { refreshAllQueuedSummaries } from './features/customers/summary-task.ts';
import { openConfiguredDatabase, startServer } from './main.ts';
import {
  formatImportReport,
  ImportFileError,
  importOperators,
  ImportStoppedError,
  importReportCsv,
  parseLegacyExport,
  type ImportReport,
} from './features/operators/import.ts';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** Loads the configuration, or stops with one clear line and exit code 2. */
function config() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`relais: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

const program = new Command('relais')
  .description(
    'Relais partner portal: server and administration commands. Configuration comes from the environment (see README).',
  )
  .showHelpAfterError();

program
  .command('start')
  .description('migrate the database, then serve the API and web app (seeds the demo on a new embedded database)')
  .action(() => startServer(config()));

program
  .command('migrate')
  .description('apply pending database migrations (safe to run again, and from several instances)')
  .action(async () => {
    const database = await openConfiguredDatabase(config());
    try {
      const applied = await migrate(database);
      process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Database already up to date.\n');
    } finally {
      await database.close();
    }
  });

program
  .command('seed')
  .description('add data: the demo organisations and accounts, and/or N generated customers')
  .option('--demo', 'seed the demo organisations and accounts (only into an empty database)')
  .option('--scale <n>', 'add N generated customers spread over the graph', positiveInt)
  .option('--under <domain>', 'with --scale: give the customers to this distributor and its partners only')
  .action(async (options: { demo?: boolean; scale?: number; under?: string }) => {
    if (!options.demo && !options.scale) program.error('seed: give --demo and/or --scale N');
    const settings = config();
    const database = await openConfiguredDatabase(settings);
    try {
      await migrate(database);
      if (options.demo) {
        if (!(await isEmpty(database))) program.error('seed --demo: the database already holds organisations');
        await seedDemo(database, new Date(), { linkSecret: settings.SESSION_SECRET });
        process.stdout.write('Demo organisations and accounts created.\n');
      }
      if (options.scale) {
        const started = performance.now();
        const { inserted } = await seedScale(database, options.scale, {
          progress: process.stdout.isTTY,
          now: new Date(),
          under: options.under,
        });
        await refreshAllQueuedSummaries(database, new Date());
        process.stdout.write(
          `Added ${inserted} customers in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
        );
      }
    } finally {
      await database.close();
    }
  });

/** Stops with one line on stderr and exit code 1: the file could not be read or imported. */
function fileError(message: string): never {
  process.stderr.write(`relais import-operators: ${message}\n`);
  process.exit(1);
}

program
  .command('import-operators')
  .description(
    "import operators from the legacy portal's CSV export (email, display name, legacy role, organisation primary " +
      'domain); safe to run again: a second run changes nothing',
  )
  .argument('<file>', 'the CSV export')
  .option('--dry-run', 'report what the import would do, and write nothing')
  .option('--report <file>', 'also write the outcome of every row as CSV (line, email, outcome, reason)')
  .action(async (file: string, options: { dryRun?: boolean; report?: string }) => {
    const settings = config();
    let content: Buffer;
    try {
      content = await readFile(file);
    } catch (err) {
      fileError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    // The whole file is parsed before the database is touched: a format error leaves everything as it was.
    let parsed: ReturnType<typeof parseLegacyExport>;
    try {
      parsed = parseLegacyExport(content);
    } catch (err) {
      if (err instanceof ImportFileError) fileError(`${file}: ${err.message}`);
      throw err;
    }
    const database = await openConfiguredDatabase(settings);
    const bar = process.stderr.isTTY
      ? new SingleBar(
          { format: 'Importing operators [{bar}] {value}/{total} {eta_formatted}', stream: process.stderr },
          Presets.shades_classic,
        )
      : null;
    let report: ImportReport | ImportStoppedError;
    try {
      await migrate(database);
      bar?.start(parsed.rows.length, 0);
      report = await importOperators(database, parsed, {
        secret: settings.SESSION_SECRET,
        now: new Date(),
        dryRun: options.dryRun ?? false,
        onProgress: (done) => bar?.update(done),
      });
    } catch (err) {
      if (!(err instanceof ImportStoppedError)) throw err;
      report = err;
    } finally {
      bar?.stop();
      await database.close();
    }
    if (report instanceof ImportStoppedError) {
      fileError(`${report.message}\nThe lines before it were imported; the import is idempotent: run it again.`);
    }
    process.stdout.write(formatImportReport(report));
    if (options.report) {
      try {
        await writeFile(options.report, importReportCsv(report));
      } catch (err) {
        fileError(`cannot write the report ${options.report}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
      }
    }
  });

await program.parseAsync();
