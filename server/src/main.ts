import path from 'node:path';
import pino from 'pino';
import { buildApp } from './app.ts';
import { devMailboxAccess, type Config } from './config.ts';
import { openDatabase } from './platform/db/client.ts';
import { migrate } from './platform/db/migrate.ts';
import { EventHub } from './platform/events/hub.ts';
import { startWorker } from './platform/jobs/worker.ts';
import { tasks } from './tasks.ts';
import { accounts, DEMO_PASSWORD } from './seed/demo-data.ts';
import { isEmpty, seedDemo } from './seed/demo.ts';

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export function openConfiguredDatabase(config: Config) {
  return openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.DATA_DIR, 'pglite') });
}

/** Process entry: config → database → migrations (→ demo on a new embedded database) → app → listen. */
export async function startServer(config: Config): Promise<void> {
  const logger = pino({ level: config.LOG_LEVEL });
  const database = await openConfiguredDatabase(config);
  const applied = await migrate(database);
  if (applied.length) logger.info({ applied }, 'migrations applied');
  const embedded = database.kind === 'pglite';
  if (embedded && (await isEmpty(database))) {
    logger.info('new embedded database: seeding the demo organisations');
    await seedDemo(database, new Date(), { linkSecret: config.SESSION_SECRET });
  }
  const clock = () => new Date();
  const events = new EventHub(database, clock, logger);
  await events.start();
  const app = await buildApp({ config, database, clock, events, logger });
  await app.listen({ port: config.PORT, host: config.HOST });
  const worker = startWorker({ config, database, clock, events, logger }, tasks);

  if (embedded) printDemoAccounts(config.PUBLIC_URL);
  const mailbox = devMailboxAccess(config);
  if (mailbox === 'loopback') {
    logger.info(`development mailbox at ${config.PUBLIC_URL}/dev/mailbox, for browsers on this machine only`);
  } else if (mailbox === 'network') {
    logger.warn(
      `DEV_MAILBOX=network: the development mailbox at ${config.PUBLIC_URL}/dev/mailbox shows every kept message, ` +
        'invitation and activation links included, to anyone who can reach this server',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    try {
      await app.close();
      await worker.stop();
      await events.stop();
      await database.close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

function printDemoAccounts(url: string) {
  const width = Math.max(...accounts.map((a) => a.email.length));
  const lines = accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.persona}`);
  process.stdout.write(
    `\nRelais is running on ${url}\nDemo accounts (password ${DEMO_PASSWORD}):\n${lines.join('\n')}\n\n`,
  );
}
