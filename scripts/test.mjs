// `npm test`: every test. Server tests run on PGlite always and on PostgreSQL when reachable (vitest.config.ts);
// the browser journeys run in Chromium when it is installed. With CI set, a missing PostgreSQL or Chromium fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const ci = Boolean(process.env.CI);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const run = (file, args) =>
  spawnSync(process.execPath, [path.join(root, file), ...args], { cwd: root, stdio: 'inherit' });

const unit = run('node_modules/vitest/vitest.mjs', ['run']);
if (unit.status !== 0) process.exit(unit.status ?? 1);

if (!existsSync(chromium)) {
  if (ci) {
    console.error(`CI is set and Chromium is missing at ${chromium}: the browser journeys cannot be skipped.`);
    process.exit(1);
  }
  console.warn(
    `Chromium not found at ${chromium}: browser journeys not run (install it with apt-get install chromium).`,
  );
  process.exit(0);
}
const build = run('scripts/build-web-if-stale.mjs', []);
if (build.status !== 0) process.exit(build.status ?? 1);
const e2e = run('node_modules/@playwright/test/cli.js', ['test', '-c', 'e2e/playwright.config.ts']);
process.exit(e2e.status ?? 1);
