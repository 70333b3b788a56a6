// `npm run admin -- <command>`: run Premium without Stripe on a self-hosted server.
//   grant <email> premium --until <YYYY-MM-DD> [--reason <text>]
//   revoke <email>
//   list
//   disable <email>   (ends every session of the account at once)
//   enable <email>
// Uses DATABASE_URL, or the embedded database in DATA_DIR (stop `npm start` first).
import { existsSync } from 'node:fs';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../backend/src/db/orm.ts';
import { migrateUp } from '../backend/src/db/migrate.ts';
import { startPostgres } from '../tools/embedded-postgres/postgres.ts';
import { GrantError, grantPremium, listGrants, revokePremium } from '../backend/src/modules/grants/service.ts';
import { AdminError, disableUser, enableUser } from '../backend/src/modules/users/admin.ts';

const USAGE = `Usage:
  npm run admin -- grant <email> premium --until <YYYY-MM-DD> [--reason <text>]
  npm run admin -- revoke <email>
  npm run admin -- list
  npm run admin -- disable <email>
  npm run admin -- enable <email>`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

if (existsSync('.env')) process.loadEnvFile('.env');
const [command, ...rest] = process.argv.slice(2);
const flag = (name: string) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
if (!command || !['grant', 'revoke', 'list', 'disable', 'enable'].includes(command)) fail(USAGE);

let until: Date | undefined;
if (command === 'grant') {
  if (!rest[0] || rest[1] !== 'premium') fail(USAGE);
  const raw = flag('until');
  until = raw ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T23:59:59Z` : raw) : undefined;
  if (!until || Number.isNaN(until.getTime())) fail(`--until needs a date like 2027-12-31.\n${USAGE}`);
}
if (['revoke', 'disable', 'enable'].includes(command) && !rest[0]) fail(USAGE);

const pg = await startPostgres({ dataDir: process.env.DATA_DIR ?? './data', databaseUrl: process.env.DATABASE_URL });
try {
  await migrateUp(pg.url);
  const orm = await MikroORM.init(ormConfig({ databaseUrl: pg.url, poolMax: 2 }));
  const em = orm.em.fork();
  try {
    if (command === 'grant') {
      const grant = await grantPremium(em, rest[0]!, until!, flag('reason') ?? null);
      console.log(`${rest[0]} has Premium until ${grant.until.toISOString()}. Their devices pick it up at the next refresh.`);
    } else if (command === 'revoke') {
      const n = await revokePremium(em, rest[0]!);
      console.log(n ? `Premium grant removed for ${rest[0]}. Their library stays; Free limits apply to adding more.` : `${rest[0]} had no active grant.`);
    } else if (command === 'disable') {
      const { sessionsEnded } = await disableUser(em, rest[0]!);
      console.log(`${rest[0]} is disabled: ${sessionsEnded} session${sessionsEnded === 1 ? '' : 's'} ended on every device at once; signing in is refused.`);
    } else if (command === 'enable') {
      await enableUser(em, rest[0]!);
      console.log(`${rest[0]} can sign in again.`);
    } else {
      const grants = await listGrants(em);
      if (!grants.length) console.log('No active grants.');
      for (const g of grants) console.log(`${g.email}\tuntil ${g.until.toISOString()}${g.reason ? `\t${g.reason}` : ''}`);
    }
  } catch (err) {
    if (err instanceof GrantError || err instanceof AdminError) {
      console.error(err.message);
      process.exitCode = 1;
    } else throw err;
  } finally {
    await orm.close(true);
  }
} finally {
  await pg.stop();
}
