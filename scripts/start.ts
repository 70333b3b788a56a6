// `npm start`: PostgreSQL (embedded unless DATABASE_URL is set), migrations, the backend, the
// extension build, and a browser with the extension loaded.
// `npm run dev`: the same, with the backend (tsx watch) and the extension (WXT dev server)
// rebuilt on every change. Add `--no-browser` to skip opening a browser.
// Ctrl-C stops everything: browser, extension watcher, backend, then PostgreSQL; exit code 0.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, describeDatabaseUrl } from '../tools/embedded-postgres/postgres.ts';
import { surviveClosedOutput } from '../backend/src/closed-output.ts';
import { migrateUp } from '../backend/src/db/migrate.ts';
import { ChildRegistry, stopLeftovers, type Child } from './lib/children.ts';
import { browserArgs, hasDisplay, unpackedExtensionId } from './lib/extension.ts';
import { ensureBrowser } from './lib/ensure-browser.ts';
import { isBrandedChrome } from './lib/find-browser.ts';
import { isPortFree, waitForHttp } from './lib/net.ts';

surviveClosedOutput();
const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const dev = process.argv.includes('--dev');
const wantBrowser = !process.argv.includes('--no-browser');
if (existsSync('.env')) process.loadEnvFile('.env');

const say = (msg: string) => console.log(`[start] ${msg}`);
const dataDir = path.resolve(process.env.DATA_DIR || './data');
const stateFile = path.join(dataDir, 'run', 'start.json');
const registry = await ChildRegistry.create(stateFile);
const bin = {
  tsx: path.join(root, 'node_modules/tsx/dist/cli.mjs'),
  wxt: path.join(root, 'node_modules/wxt/bin/wxt.mjs'),
};

// --- stopping ------------------------------------------------------------------------------------
class Aborted extends Error {}
let stopRequested = false;
const checkpoint = () => {
  if (stopRequested) throw new Aborted();
};
const cleanups: { name: string; run: () => Promise<void> }[] = [];
const onStop = (name: string, run: () => Promise<void>) => cleanups.push({ name, run });

let startup: Promise<void> = Promise.resolve();
let stopping: Promise<void> | undefined;
function stop(code: number, reason?: string): Promise<void> {
  stopRequested = true;
  stopping ??= (async () => {
    if (reason) say(reason);
    await startup; // the step in progress finishes (or notices stopRequested) first
    for (const { name, run } of cleanups.reverse()) {
      const started = performance.now();
      try {
        await run();
        if (dev || name === 'PostgreSQL') say(`stopped ${name} (${Math.round(performance.now() - started)} ms)`);
      } catch (err) {
        console.error(`[start] stopping ${name} failed: ${(err as Error).message}`);
      }
    }
    registry.clear();
    say('stopped');
    process.exit(code);
  })();
  return stopping;
}

// One Ctrl-C can arrive two or three times (terminal, npm and tsx each relay it): repeats within
// a second count as one. A real second Ctrl-C warns; a third quits at once.
let signals = 0;
let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (signals > 0 && Date.now() - firstSignalAt < 1000) return;
    signals += 1;
    if (signals === 1) {
      firstSignalAt = Date.now();
      void stop(0, `${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping...`);
    } else if (signals === 2) say('still stopping; press Ctrl-C once more to quit at once');
    else process.exit(130); // PostgreSQL still gets a fast-shutdown signal from its exit hook
  });
}
process.on('uncaughtException', (err) => {
  console.error('[start] unexpected error:', err);
  void stop(1);
});

// --- starting ------------------------------------------------------------------------------------
async function main(): Promise<void> {
  say(dev ? 'development mode: backend and extension rebuild on change' : 'starting StageTracker Pro');
  await stopLeftovers(stateFile, say);

  // 1. PostgreSQL
  let t = performance.now();
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const pg = await startPostgres({ dataDir, databaseUrl, log: (msg) => console.log(`[postgres] ${msg}`) });
  if (pg.embedded) onStop('PostgreSQL', pg.stop);
  const db = describeDatabaseUrl(pg.url);
  say(`PostgreSQL ready: ${pg.embedded ? `embedded, data in ${path.relative(root, dataDir) || '.'}/postgres` : 'DATABASE_URL'}, ${db.host}:${db.port}/${db.database} (${ms(t)})`);
  checkpoint();

  // 2. Migrations (the backend would apply them too; doing it here reports them on their own)
  t = performance.now();
  const applied = await migrateUp(pg.url);
  say(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')} (${ms(t)})` : `database schema up to date (${ms(t)})`);
  checkpoint();

  // 3. Backend
  t = performance.now();
  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT || 8787);
  if (!(await isPortFree(host, port))) {
    throw new Error(`Port ${port} on ${host} is already in use (another StageTracker backend?). Stop it, or set PORT in .env.`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: pg.url };
  const billing = await startBilling(env, `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`);
  checkpoint();
  let backendUrl: string;
  if (dev) {
    const backend = registry.spawn('backend (tsx watch)', process.execPath, [bin.tsx, 'watch', '--clear-screen=false', 'backend/src/main.ts'], { env });
    onStop('backend', () => backend.stop('SIGTERM', 10_000));
    backendUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    await waitForHttp(`${backendUrl}/api/health`, { timeoutMs: 120_000, abandon: () => stopRequested || backend.hasExited() });
    if (backend.hasExited()) throw new Error('The backend exited during start-up (see its output above).');
  } else {
    const { startBackend } = await import('../backend/src/server.ts');
    const backend = await startBackend({ databaseUrl: pg.url, env });
    onStop('backend', backend.close);
    backendUrl = backend.url;
  }
  checkpoint();
  say(`backend listening on ${backendUrl} (${ms(t)})`);

  // 4. Extension
  t = performance.now();
  let extensionDir: string;
  if (dev) {
    const { createServer } = await import('wxt');
    const server = await createServer({ mode: 'development', webExt: { disabled: true } });
    onStop('extension dev server', () => server.stop());
    await server.start();
    extensionDir = path.join(root, '.output', 'chrome-mv3-dev');
  } else {
    const build = registry.spawn('extension build', process.execPath, [bin.wxt, 'build']);
    onStop('extension build', () => build.stop());
    const code = await build.exited;
    checkpoint();
    if (code !== 0) throw new Error(`The extension build failed (wxt build exited with ${code}); see its output above.`);
    extensionDir = path.join(root, '.output', 'chrome-mv3');
  }
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) throw new Error(`The extension build left no manifest.json in ${extensionDir}.`);
  checkpoint();
  say(`extension built in ${path.relative(root, extensionDir)} (${ms(t)})`);

  // 5. Browser
  const extensionId = unpackedExtensionId(extensionDir);
  let browser: Child | undefined;
  let browserProblem: string | undefined;
  if (!wantBrowser) browserProblem = '--no-browser was given';
  else if (!hasDisplay()) browserProblem = 'no display (DISPLAY / WAYLAND_DISPLAY) is set';
  else {
    const found = ensureBrowser(say);
    if (found.ok) browser = openBrowser(found.found, extensionDir, extensionId);
    else browserProblem = found.problem;
  }

  // 6. Summary
  const lines = [
    '',
    `StageTracker Pro is running${dev ? ' (development mode)' : ''}.`,
    `  Backend:    ${backendUrl}   (health: ${backendUrl}/api/health)`,
    `  Database:   ${pg.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'} ${db.host}:${db.port}/${db.database}`,
    `  Extension:  ${extensionDir}   (id ${extensionId})`,
    `  Billing:    ${billing}`,
  ];
  if (browser) {
    lines.push(`  Browser:    opened with the extension loaded (profile ${path.join(dataDir, 'chromium-profile')})`);
  } else {
    lines.push(
      '',
      `No browser was opened: ${browserProblem}`,
      'To use the extension, in Chrome or Chromium:',
      '  1. open chrome://extensions',
      '  2. turn on "Developer mode" (top right)',
      `  3. click "Load unpacked" and choose ${extensionDir}`,
      '  4. click the StageTracker Pro icon in the toolbar (pin it from the puzzle-piece menu)',
      `The extension talks to the backend at ${backendUrl}.`,
    );
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}

/**
 * Real Stripe when STRIPE_SECRET_KEY is set. Otherwise, outside production, the project's
 * fake Stripe runs in this process so the whole upgrade can be tried offline: Checkout opens
 * its Pay page, and paying delivers signed webhooks to the backend. FAKE_STRIPE=off disables it.
 */
async function startBilling(env: NodeJS.ProcessEnv, backendUrl: string): Promise<string> {
  if (env.STRIPE_SECRET_KEY) return `Stripe (${env.STRIPE_SECRET_KEY.startsWith('sk_live_') ? 'live' : 'test'} mode)`;
  if (env.NODE_ENV === 'production' || env.FAKE_STRIPE === 'off') return 'not configured (set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET)';
  const { randomBytes } = await import('node:crypto');
  const { createFakeStripe } = await import('../tools/fake-stripe/index.ts');
  const secret = `whsec_dev_${randomBytes(16).toString('hex')}`;
  const fake = await createFakeStripe({
    port: Number(env.FAKE_STRIPE_PORT || 12111),
    webhooks: [{ url: `${backendUrl}/api/webhooks/stripe`, secret }],
    // Generous retries: a backend restarting in watch mode must not lose an event.
    webhookRetry: { attempts: 6, delaysMs: [1000, 3000, 8000, 15000, 30000] },
  });
  onStop('fake Stripe', () => fake.close());
  await fake.seedCatalog();
  Object.assign(env, { STRIPE_SECRET_KEY: fake.secretKey, STRIPE_WEBHOOK_SECRET: secret, STRIPE_API_BASE: fake.url });
  return `fake Stripe at ${fake.url} (offline; Checkout shows a Pay button, no real payment)`;
}

function openBrowser(executable: string, extensionDir: string, extensionId: string): Child {
  const branded = isBrandedChrome(executable);
  const playerPage = existsSync(path.join(extensionDir, 'player.html')) ? `chrome-extension://${extensionId}/player.html` : undefined;
  const args = browserArgs({ extensionDir, profileDir: path.join(dataDir, 'chromium-profile'), branded, url: playerPage });
  say(`opening ${executable}`);
  if (branded) {
    say('note: Google Chrome 137+ may refuse to load unpacked extensions from the command line. If StageTracker Pro');
    say(`is missing, load ${extensionDir} with "Load unpacked" on chrome://extensions, or use Chromium (set CHROME_PATH).`);
  }
  const child = registry.spawn('browser', executable, args, { stdio: 'ignore' });
  onStop('browser', () => child.stop('SIGTERM', 5000));
  void child.exited.then((code) => {
    if (!stopRequested) say(`the browser was closed (exit code ${code}); the backend keeps running. Press Ctrl-C to stop.`);
  });
  return child;
}

function ms(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

startup = main().catch((err: unknown) => {
  if (err instanceof Aborted) return;
  console.error(`\n[start] ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.DEBUG && err instanceof Error && err.stack) console.error(err.stack);
  queueMicrotask(() => void stop(1));
});
