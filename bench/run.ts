// `npm run bench`: measures the product against baselines taken in the same run and writes
// bench/results/latest.{json,md} (BENCH_OUT to write elsewhere). Load only ever targets loopback
// and stops by itself. Each figure group runs on its own: one that fails (or overruns its time)
// becomes a "failed: reason" row, the others are still measured and written, and the exit code
// is 1. `BENCH_QUICK=1` runs every group once in seconds (npm test does, so no figure rots).
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase, startPostgres, type PostgresHandle } from '../tools/embedded-postgres/postgres.ts';
import { startBackendProcess } from '../tests/helpers/backend-process.ts';
import { accountFigures, bcryptFigure, sustainedLoadFigures } from './backend.ts';
import { billingFigures } from './billing.ts';
import { convergenceFigures } from './billing-convergence.ts';
import { libraryFigures } from './library.ts';
import { waveformFigures } from './waveform.ts';
import { QUICK, sized } from './mode.ts';
import { performViewFigures } from './perform-view.ts';
import { playerFigures } from './player.ts';
import { memoryFigures, underrunFigures } from './player-load.ts';
import { nullFigures } from './player-null.ts';
import { stormFigures } from './player-storm.ts';
import { midiFigures } from './player-midi.ts';
import { routingFigures } from './routing.ts';
import { writeReport, type GroupResult } from './report.ts';
import { runGroup, type Group } from './run-group.ts';

const duration = Number(process.env.BENCH_SECONDS ?? sized(10, 1));
const loadSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? sized(60, 2));
/** A group that takes longer than this is reported as failed and the run goes on. */
const groupLimitMs = sized(20 * 60_000, 4 * 60_000);


let pg: PostgresHandle | undefined;
let pgDir: string | undefined;
/** One PostgreSQL server for the backend groups, started on first use; each group gets its own database. */
async function database(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!pg) {
    pgDir = await mkdtemp(join(tmpdir(), 'st-bench-pg-'));
    pg = await startPostgres({ dataDir: pgDir, databaseUrl: process.env.DATABASE_URL, port: 0 });
  }
  const server = pg.url;
  const db = `st_bench_${name}_${Date.now()}`;
  return { url: await createDatabase(server, db), drop: () => dropDatabase(server, db) };
}

/** The backend as its own process (production bcrypt cost; limits out of the load generator's way). */
async function withBackendProcess<T>(name: string, use: (url: string, metricsToken: string) => Promise<T>): Promise<T> {
  const db = await database(name);
  const backend = await startBackendProcess(db.url, {
    BCRYPT_COST: '12',
    RATE_LIMIT_LOGIN_PER_IP: '1000000',
    RATE_LIMIT_LOGIN_PER_EMAIL: '1000000',
    RATE_LIMIT_REGISTER_PER_IP: '1000000',
    DB_POOL_MAX: '20',
  });
  try {
    return await use(backend.url, backend.metricsToken);
  } finally {
    await backend.stop();
    await db.drop().catch(() => {});
  }
}

async function withDatabase<T>(name: string, use: (url: string) => Promise<T>): Promise<T> {
  const db = await database(name);
  try {
    return await use(db.url);
  } finally {
    await db.drop().catch(() => {});
  }
}

// The player first, on a quiet machine: real Chromium with the built extension.
const skipPlayer = process.env.BENCH_SKIP_PLAYER === '1' ? 'BENCH_SKIP_PLAYER=1' : undefined;
const groups: Group[] = [
  { name: 'player', skip: skipPlayer, run: () => playerFigures() },
  { name: 'player-null', skip: skipPlayer, run: () => nullFigures() },
  { name: 'player-memory', skip: skipPlayer, run: () => memoryFigures() },
  { name: 'player-underruns', skip: skipPlayer, run: () => underrunFigures() },
  { name: 'player-storm', skip: skipPlayer, run: () => stormFigures() },
  { name: 'player-midi', skip: skipPlayer, run: () => midiFigures() },
  { name: 'perform-view', skip: skipPlayer, run: () => performViewFigures() },
  { name: 'library', skip: skipPlayer, run: () => libraryFigures() },
  { name: 'waveform', skip: skipPlayer, run: () => waveformFigures() },
  { name: 'routing', skip: skipPlayer, run: () => routingFigures() },
  { name: 'bcrypt', run: async () => [await bcryptFigure(sized(8, 1))] },
  { name: 'backend', run: () => withBackendProcess('backend', (url) => accountFigures(url, duration)) },
  { name: 'load', run: () => withBackendProcess('load', (url, metricsToken) => sustainedLoadFigures(url, loadSeconds, metricsToken)) },
  { name: 'billing', run: () => withDatabase('billing', (url) => billingFigures(url, sized(20, 3))) },
  { name: 'billing-convergence', run: () => withDatabase('convergence', (url) => convergenceFigures(url, sized(200, 10))) },
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const started = Date.now();
const results: GroupResult[] = [];
try {
  for (const group of groups) {
    if (only.length && !only.includes(group.name)) continue;
    if (group.skip) {
      console.log(`[bench] ${group.name}: not run (${group.skip})`);
      continue;
    }
    results.push(await runGroup(group, groupLimitMs));
  }
} finally {
  await pg?.stop().catch(() => {});
  if (pgDir) await rm(pgDir, { recursive: true, force: true });
}

const failed = results.filter((r) => r.failed);
const outDir = process.env.BENCH_OUT ?? join(import.meta.dirname, 'results');
const md = await writeReport(outDir, results, {
  date: new Date().toISOString(),
  mode: QUICK ? 'quick (BENCH_QUICK=1): proves every group runs; not the product figures' : 'full',
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  'load duration per figure': `${duration} s`,
  'total time': `${Math.round((Date.now() - started) / 1000)} s`,
});
console.log(md);
console.log(`bench: ${results.length - failed.length} groups measured, ${failed.length} failed${failed.length ? ` (${failed.map((f) => f.group).join(', ')})` : ''}`);
// Anything a group left behind (a hung browser, a backend) must not keep the process alive.
process.exit(failed.length ? 1 : 0);
