import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { afterCurrent, freshDatabase, testDatabaseKind } from './databases.ts';

// The real command, as `npx relais` runs it: configuration errors, migrations, and shutdown under load.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/relais.mjs');

async function environment(): Promise<NodeJS.ProcessEnv> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'relais-process-'));
  const base = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', CI: '' };
  if (testDatabaseKind === 'pglite') return { ...base, DATABASE_URL: '' };
  const { url, drop } = await freshDatabase({ migrated: false });
  afterCurrent(drop);
  return { ...base, DATABASE_URL: url, SESSION_SECRET: 'process-test-secret-process-test-secret' };
}

describe('relais command', () => {
  test('--help lists start, migrate and seed', () => {
    const out = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    for (const command of ['start', 'migrate', 'seed']) expect(out.stdout).toContain(command);
  });

  test('a bad configuration value stops start-up with one line naming it, and a non-zero exit', async () => {
    const env = await environment();
    for (const [name, value] of [
      ['PORT', 'abc'],
      ['LOG_LEVEL', 'loud'],
      ['PUBLIC_URL', 'not a url'],
    ] as const) {
      const out = spawnSync(process.execPath, [bin, 'start'], { env: { ...env, [name]: value }, encoding: 'utf8' });
      expect(out.status, name).toBe(2);
      const lines = out.stderr.trim().split('\n');
      expect(lines, out.stderr).toHaveLength(1);
      expect(lines[0]).toContain(name);
    }
  });

  test('migrate applies the migrations once; a second run changes nothing', async () => {
    const env = await environment();
    const first = spawnSync(process.execPath, [bin, 'migrate'], { env, encoding: 'utf8' });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain('Applied: 0000_foundation');
    const second = spawnSync(process.execPath, [bin, 'migrate'], { env, encoding: 'utf8' });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('already up to date');
  });
});

function post(port: number, email: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/auth/sign-in',
        agent: false,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ email, password: 'wrong-password' }));
  });
}

test('SIGTERM under load: in-flight requests complete, then exit code 0', async () => {
  const env = await environment();
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, [bin, 'start'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://localhost:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const seen = (text: string, times = 1) => output.split(text).length - 1 >= times;
  const waitFor = (check: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const wake = () => {
        if (!check()) return;
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
      child.once('exit', () => reject(new Error(`process exited while waiting for ${what}:\n${output}`)));
      wake();
    });

  await waitFor(() => seen('Server listening'), 'the server to listen');
  const before = output.split('"incoming request"').length - 1;
  // Sign-in attempts spend real time in argon2, so they are still in flight when the signal arrives.
  const requests = Array.from({ length: 8 }, (_, i) => post(port, `nobody-${i}@example.com`));
  await waitFor(() => seen('"incoming request"', before + 8), 'all requests to be received');
  child.kill('SIGTERM');
  const statuses = await Promise.all(requests);
  expect(statuses).toEqual(Array(8).fill(401));
  expect(await exited).toBe(0);
  expect(output).toContain('"msg":"stopped"');
}, 90_000);
