// Development tool: generates a migration from the difference between the entities and
// the schema the existing migrations produce. Usage: npm run migration:create -- <name>
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../backend/src/db/orm.ts';
import { startPostgres, createDatabase, dropDatabase } from '../tools/embedded-postgres/postgres.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const name = process.argv[2];
if (!name) {
  console.error('Usage: npm run migration:create -- <name>');
  process.exit(2);
}
const pg = await startPostgres({ dataDir: join(await mkdtemp(join(tmpdir(), 'st-mig-')), 'pg'), databaseUrl: process.env.DATABASE_URL });
const scratch = `migration_scratch_${Date.now()}`;
const url = await createDatabase(pg.url, scratch);
const orm = await MikroORM.init({ ...ormConfig({ databaseUrl: url }), migrations: { ...ormConfig({ databaseUrl: url }).migrations, snapshot: false } });
try {
  await orm.migrator.up();
  const result = await orm.migrator.create('migrations', false, false, name);
  console.log(result.fileName ? `Created migrations/${result.fileName}; add it to migrations/index.ts` : 'No changes: entities match the migrations.');
} finally {
  await orm.close(true);
  await dropDatabase(pg.url, scratch);
  await pg.stop();
}
