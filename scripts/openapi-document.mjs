// The OpenAPI document as the server generates it (`GET /api/openapi.json`), built in process: the app on an
// in-memory PGlite, without a port. Shared by openapi-lint.mjs (Spectral) and api-types.mjs (the web app's types).
import { register } from 'tsx/esm/api';

register();
const { buildApp } = await import('../server/src/app.ts');
const { loadConfig } = await import('../server/src/config.ts');
const { openDatabase } = await import('../server/src/platform/db/client.ts');
const { EventHub } = await import('../server/src/platform/events/hub.ts');

export async function buildOpenApiDocument() {
  // A deployment's document: its servers entry is PUBLIC_URL, https in production. Building the routes reads no
  // table, so the database is not migrated.
  const config = loadConfig({
    PUBLIC_URL: 'https://relais.example',
    SESSION_SECRET: 'openapi-lint-openapi-lint-openapi-lint',
    LOG_LEVEL: 'silent',
  });
  const database = await openDatabase({ dataDir: 'memory://' });
  const clock = () => new Date();
  const app = await buildApp({ config, database, clock, events: new EventHub(database, clock) });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await database.close();
  }
}
