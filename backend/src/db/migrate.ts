import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './orm.ts';

/** Applies every pending migration in one transaction; returns the names applied. */
export async function migrateUp(databaseUrl: string): Promise<string[]> {
  const orm = await MikroORM.init(ormConfig({ databaseUrl, poolMax: 2 }));
  try {
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}
