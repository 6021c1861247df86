import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const port = 3210;
const baseURL = `http://localhost:${String(port)}`;

// Playwright loads this file in the runner and again in each worker: only the runner creates (and later removes) the
// data directory, the workers inherit its path through the environment.
const dataDir = process.env.RELAIS_E2E_DATA_DIR ?? createDataDir();

function createDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relais-e2e-'));
  process.env.RELAIS_E2E_DATA_DIR = dir;
  process.on('exit', () => {
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** End-to-end user journeys in Chromium against `relais start` on a fresh embedded database seeded with the demo. */
export default defineConfig({
  testDir: 'specs',
  outputDir: path.join(repoRoot, 'test-results'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: path.join(repoRoot, 'playwright-report') }]],
  use: {
    baseURL,
    locale: 'en-US',
    timezoneId: 'Europe/Paris',
    colorScheme: 'light',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node bin/relais.mjs start',
    cwd: repoRoot,
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      PUBLIC_URL: baseURL,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      // Always the embedded database of DATA_DIR, even when the shell points at a PostgreSQL.
      DATABASE_URL: '',
      SESSION_SECRET: '',
      // The journeys' identity provider runs on loopback (server/test/oidc-provider.ts).
      SSO_ALLOW_LOOPBACK: 'on',
    },
  },
});
