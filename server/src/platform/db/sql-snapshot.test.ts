import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { afterCurrent, freshDatabase } from '../../../test/databases.ts';
import { sqlSnapshot } from './sql-snapshot.ts';

const folder = path.resolve(import.meta.dirname, '../../../sql');

function filesOnDisk(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(folder, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
  }
  return files;
}

test('server/sql/ is what the migrated database defines: every function, trigger and policy (npm run db:sql)', async () => {
  const { database, drop } = await freshDatabase();
  afterCurrent(drop);
  const expected = await sqlSnapshot(database);
  const onDisk = filesOnDisk();
  expect([...onDisk.keys()].sort(), 'files in server/sql/ (npm run db:sql rewrites them)').toEqual(
    [...expected.keys()].sort(),
  );
  for (const [name, text] of expected) expect(onDisk.get(name), `server/sql/${name}`).toBe(text);
  expect(expected.get('functions/relais_refresh_access.sql')).toContain('organization_access');
});
