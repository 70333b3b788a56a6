import type { TestProject } from 'vitest/node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase, startPostgres, type PostgresHandle } from '../../tools/embedded-postgres/postgres.ts';
import { migrateUp } from '../../backend/src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

let pg: PostgresHandle | undefined;
let dataDir: string | undefined;
let template: string | undefined;

/**
 * One PostgreSQL for the whole integration run: embedded by default, or the server in
 * TEST_DATABASE_URL / DATABASE_URL. Migrations run once into a template database that
 * each test file clones (CREATE DATABASE ... TEMPLATE), so every file starts fresh.
 */
export async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!external) dataDir = await mkdtemp(join(tmpdir(), 'st-test-pg-'));
  // fsync off: a throwaway cluster need not survive a power cut, and tests run faster.
  pg = await startPostgres({ dataDir: dataDir ?? '', databaseUrl: external, port: 0, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
  template = `st_template_${process.pid}`;
  await dropDatabase(pg.url, template);
  await migrateUp(await createDatabase(pg.url, template));
  project.provide('pgServerUrl', pg.url);
  project.provide('pgTemplate', template);
}

export async function teardown() {
  if (pg && template) await dropDatabase(pg.url, template).catch(() => {});
  await pg?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
