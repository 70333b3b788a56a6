// `npm run migrate`: applies pending migrations to the same database `npm start` uses
// (DATABASE_URL, or the embedded PostgreSQL in DATA_DIR), then stops.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../tools/embedded-postgres/postgres.ts';
import { migrateUp } from '../backend/src/db/migrate.ts';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
if (existsSync('.env')) process.loadEnvFile('.env');

const pg = await startPostgres({
  dataDir: path.resolve(process.env.DATA_DIR || './data'),
  databaseUrl: process.env.DATABASE_URL || undefined,
  log: (msg) => console.log(`[postgres] ${msg}`),
}).catch((err: Error) => {
  console.error(`[migrate] ${err.message}`);
  process.exit(1);
});

let code = 0;
try {
  const applied = await migrateUp(pg.url);
  console.log(applied.length ? `[migrate] applied ${applied.length} migration(s):\n${applied.map((n) => `  ${n}`).join('\n')}` : '[migrate] nothing to apply: the schema is up to date');
} catch (err) {
  console.error(`[migrate] failed: ${(err as Error).message}`);
  code = 1;
} finally {
  await pg.stop();
}
process.exit(code);
