import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from './orm.ts';

/**
 * Applies every pending migration in one transaction (or those up to and including `to`, as a
 * database made by an older release has them); returns the names applied.
 */
export async function migrateUp(databaseUrl: string, opts: { to?: string } = {}): Promise<string[]> {
  const orm = await MikroORM.init(ormConfig({ databaseUrl, poolMax: 2 }));
  try {
    const applied = await orm.migrator.up(opts.to ? { to: opts.to } : undefined);
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}
