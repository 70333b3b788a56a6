// `npm run bench`: measures the product against baselines taken in the same run and writes
// bench/results/latest.{json,md}. Load only ever targets loopback and stops by itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase, startPostgres } from '../backend/src/db/postgres.ts';
import { accountFigures, bcryptFigure, sustainedLoadFigures } from './backend.ts';
import { startBackendProcess } from '../tests/helpers/backend-process.ts';
import { writeReport, type Figure } from './report.ts';
import { billingFigures } from './billing.ts';
import { playerFigures } from './player.ts';
import { libraryFigures } from './library.ts';

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const started = Date.now();
const dataDir = await mkdtemp(join(tmpdir(), 'st-bench-pg-'));
const pg = await startPostgres({ dataDir, databaseUrl: process.env.DATABASE_URL, port: 0 });
const dbName = `st_bench_${Date.now()}`;
const dbUrl = await createDatabase(pg.url, dbName);
const figures: Figure[] = [];
let backend: Awaited<ReturnType<typeof startBackendProcess>> | undefined;
try {
  // The player first, on a quiet machine: real Chromium with the built extension.
  if (process.env.BENCH_SKIP_PLAYER !== '1') figures.push(...(await playerFigures()), ...(await libraryFigures()));
  figures.push(await bcryptFigure());
  // Production cost for bcrypt; limits out of the way of the load generator.
  backend = await startBackendProcess(dbUrl, {
    BCRYPT_COST: '12',
    RATE_LIMIT_LOGIN_PER_IP: '1000000',
    RATE_LIMIT_LOGIN_PER_EMAIL: '1000000',
    RATE_LIMIT_REGISTER_PER_IP: '1000000',
    DB_POOL_MAX: '20',
  });
  figures.push(...(await accountFigures(backend.url, duration)));
  figures.push(...(await sustainedLoadFigures(backend.url, Number(process.env.BENCH_LOAD_SECONDS ?? 60))));
  await backend.stop();
  backend = undefined;
  const billingDb = `${dbName}_billing`;
  figures.push(...(await billingFigures(await createDatabase(pg.url, billingDb))));
  await dropDatabase(pg.url, billingDb);
} finally {
  if (backend) await backend.stop();
  await dropDatabase(pg.url, dbName).catch(() => {});
  await pg.stop();
  await rm(dataDir, { recursive: true, force: true });
}
const md = await writeReport(join(import.meta.dirname, 'results'), figures, {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  'load duration per figure': `${duration} s`,
  'total time': `${Math.round((Date.now() - started) / 1000)} s`,
});
console.log(md);
