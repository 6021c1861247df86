import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './config.ts';
import { migrate } from './platform/db/migrate.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';
import { seedScale } from './seed/scale.ts';
import { refreshAllQueuedSummaries } from './features/customers/summary-task.ts';
import { openConfiguredDatabase, startServer } from './main.ts';

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
    const database = await openConfiguredDatabase(config());
    try {
      await migrate(database);
      if (options.demo) {
        if (!(await isEmpty(database))) program.error('seed --demo: the database already holds organisations');
        await seedDemo(database, new Date());
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

await program.parseAsync();
