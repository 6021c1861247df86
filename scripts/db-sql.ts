// `npm run db:sql`: writes server/sql/ from a freshly migrated in-memory database (see platform/db/sql-snapshot.ts).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../server/src/platform/db/client.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { sqlSnapshot } from '../server/src/platform/db/sql-snapshot.ts';

const root = path.resolve(import.meta.dirname, '../server/sql');
const database = await openDatabase({ dataDir: 'memory://' });
try {
  await migrate(database);
  const files = await sqlSnapshot(database);
  rmSync(path.join(root, 'functions'), { recursive: true, force: true });
  for (const [name, text] of files) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  console.log(
    `server/sql: ${String(files.size)} files (${String(readdirSync(path.join(root, 'functions')).length)} functions)`,
  );
} finally {
  await database.close();
}
