// `npm run lint`'s last step: the OpenAPI document as the server generates it, checked by Spectral with the OWASP
// ruleset (.spectral.yaml). The app is built in process on an in-memory PGlite, without a port; Spectral fails on
// errors only and the warnings are counted. `node scripts/openapi-lint.mjs /tmp/openapi.json` also keeps the document
// there, for `npx spectral lint /tmp/openapi.json` to list the warnings one by one (the ruleset's overrides name the
// file openapi.json).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildOpenApiDocument } from './openapi-document.mjs';

const root = path.resolve(import.meta.dirname, '..');
const document = await buildOpenApiDocument();

const dir = mkdtempSync(path.join(tmpdir(), 'relais-openapi-'));
try {
  const file = path.join(dir, 'openapi.json');
  const results = path.join(dir, 'results.json');
  writeFileSync(file, JSON.stringify(document, null, 2));
  if (process.argv[2]) copyFileSync(file, process.argv[2]);
  const spectral = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/@stoplight/spectral-cli/dist/index.js'),
      'lint',
      file,
      '--ruleset',
      path.join(root, '.spectral.yaml'),
      '--fail-severity',
      'error',
      '--format',
      'json',
      '--output',
      results,
      '--quiet',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, SCARF_ANALYTICS: 'false' } },
  );
  const found = JSON.parse(readFileSync(results, 'utf8'));
  const errors = found.filter((result) => result.severity === 0);
  for (const error of errors) console.error(`  ${error.path.join('.')}\n    ${error.code}: ${error.message}`);
  const byRule = new Map();
  for (const { code, severity } of found) if (severity === 1) byRule.set(code, (byRule.get(code) ?? 0) + 1);
  const warnings = [...byRule].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`);
  const notes = found.filter((result) => result.severity > 1).length;
  console.log(
    `OpenAPI (Spectral, OWASP): ${errors.length} errors, ${found.length - errors.length - notes} warnings, ` +
      `${notes} notes${warnings.length ? ` — warnings by rule: ${warnings.join(', ')}` : ''}`,
  );
  process.exitCode = errors.length > 0 || spectral.status !== 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
