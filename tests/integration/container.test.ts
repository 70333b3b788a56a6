import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { validate } from 'dockerfile-utils';
import pg from 'pg';
import { migrationsList } from '../../migrations/index.ts';
import { createDatabase, dropDatabase } from '../../tools/embedded-postgres/postgres.ts';
import { freePort } from '../helpers/backend-process.ts';
import { composeEnvironment, composeRequiredVariables } from '../helpers/compose-env.ts';
import { entitlementKeyPem } from '../helpers/keys.ts';

// The machine has a Docker client but no daemon: the image is checked as files (lint and
// structure), and its entry point is run as the plain process the image's CMD starts, in a
// folder holding only what the Dockerfile copies, with the environment compose.yaml gives it.

const root = process.cwd();
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Instructions as [KEYWORD, arguments], continuation lines joined, comments and directives left out. */
function instructions(text: string): Array<[string, string]> {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trim().startsWith('#'))
    .map((l) => {
      const [keyword, ...rest] = l.trim().split(/\s+/);
      return [keyword!.toUpperCase(), rest.join(' ')] as [string, string];
    });
}

/** The instructions of each build stage, by the stage's name. */
function stages(): Map<string, Array<[string, string]>> {
  const out = new Map<string, Array<[string, string]>>();
  let current: Array<[string, string]> = [];
  for (const ins of instructions(dockerfile)) {
    if (ins[0] === 'FROM') out.set(/\bAS\s+(\S+)/i.exec(ins[1])?.[1] ?? `stage${out.size}`, (current = []));
    current.push(ins);
  }
  return out;
}

describe('Dockerfile', () => {
  it('passes dockerfile-utils lint with no problem', () => {
    expect(validate(dockerfile).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('is multi-stage: dependencies apart, the runtime gets production ones only', () => {
    const all = stages();
    expect([...all.keys()]).toEqual(['deps', 'runtime']);
    const deps = all.get('deps')!;
    expect(deps.find(([k, a]) => k === 'RUN' && a.includes('npm ci'))?.[1]).toMatch(/--omit=dev/);
    const runtime = all.get('runtime')!;
    expect(runtime.some(([k, a]) => k === 'COPY' && /--from=deps\b.*node_modules/.test(a))).toBe(true);
    // Nothing of the extension, the tests or the dev tools goes in.
    const copied = runtime.filter(([k]) => k === 'COPY').map(([, a]) => a.split(/\s+/).filter((w) => !w.startsWith('--')).slice(0, -1)).flat();
    expect(copied.sort()).toEqual(['/app/node_modules', 'backend', 'migrations', 'package.json', 'shared', 'tsconfig.json']);
  });

  it('runs as a non-root user, checks /api/ready, and starts the backend-only entry point', () => {
    const runtime = stages().get('runtime')!;
    const user = runtime.filter(([k]) => k === 'USER').at(-1)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    const health = runtime.find(([k]) => k === 'HEALTHCHECK')?.[1] ?? '';
    expect(health).toMatch(/\/api\/ready/);
    expect(health).toMatch(/--interval=\d+s/);
    expect(runtime.find(([k]) => k === 'CMD')?.[1]).toBe('["node", "--import", "tsx", "backend/src/serve.ts"]');
  });

  it('has a .dockerignore that keeps everything else out of the build context', () => {
    const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    expect(ignore.filter((l) => l.startsWith('!')).sort()).toEqual(['!backend/', '!migrations/', '!package-lock.json', '!package.json', '!shared/', '!tsconfig.json']);
  });

  it('needs only production dependencies: every package the backend and shared code import is a dependency', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') && !f.endsWith('.test.ts') ? [join(dir, f)] : []));
    const imported = new Set(
      ['backend', 'shared', 'migrations']
        .flatMap((d) => files(join(root, d)))
        .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^'.][^']*)'/gm)].map((m) => m[1]!))
        .filter((s) => !s.startsWith('node:'))
        .map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!)),
    );
    expect(imported.size).toBeGreaterThan(10);
    expect([...imported].filter((name) => !pkg.dependencies[name])).toEqual([]);
    expect(pkg.dependencies.tsx, 'the CMD runs TypeScript through tsx').toBeDefined();
  });
});

describe('compose.yaml', () => {
  const file = join(root, 'compose.yaml');
  const text = readFileSync(file, 'utf8');

  it('runs the backend image beside PostgreSQL and Redis, started once they are healthy', () => {
    for (const service of ['backend', 'postgres', 'redis']) expect(text).toMatch(new RegExp(`^  ${service}:$`, 'm'));
    expect(text).toMatch(/postgres:\n\s+condition: service_healthy/);
    expect(text).toMatch(/redis:\n\s+condition: service_healthy/);
    expect(text).toContain(`image: stagetracker-backend:${pkg.version}`);
    expect(text).toMatch(/"127\.0\.0\.1:8787:8787"/);
  });

  it('requires every secret from the operator: none has a default', () => {
    expect(composeRequiredVariables(file)).toEqual(['CORS_ORIGINS', 'ENTITLEMENT_PRIVATE_KEY', 'JWT_SECRET', 'POSTGRES_PASSWORD', 'PUBLIC_URL', 'SMTP_URL']);
    expect(() => composeEnvironment(file, 'backend', {})).toThrow(/POSTGRES_PASSWORD/);
  });
});

describe('the image entry point, as a process', () => {
  const dbName = `st_container_${randomBytes(4).toString('hex')}`;
  let databaseUrl: string;
  let image: string;

  beforeAll(async () => {
    // A fresh, empty database: the entry point must apply every migration itself.
    databaseUrl = await createDatabase(inject('pgServerUrl'), dbName);
    // The image's /app: only what the Dockerfile copies (node_modules from the project's install).
    image = mkdtempSync(join(tmpdir(), 'st-image-'));
    for (const entry of ['package.json', 'tsconfig.json', 'shared', 'migrations', 'backend']) cpSync(join(root, entry), join(image, entry), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(image, 'node_modules'));
  });
  afterAll(async () => {
    rmSync(image, { recursive: true, force: true });
    await dropDatabase(inject('pgServerUrl'), dbName);
  });

  /** The operator's .env as the README asks for it. */
  const operatorEnv = () => ({
    POSTGRES_PASSWORD: 'unused-here',
    PUBLIC_URL: 'https://stage.example.org',
    CORS_ORIGINS: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ENTITLEMENT_PRIVATE_KEY: entitlementKeyPem().replace(/\n/g, '\\n'),
    SMTP_URL: 'smtp://127.0.0.1:2525',
    METRICS_TOKEN: randomBytes(32).toString('base64url'),
  });

  /** The Dockerfile's ENV, then compose's environment, with the addresses of this machine's services. */
  function containerEnv(compose: Record<string, string>, port: number): Record<string, string> {
    const imageEnv = Object.fromEntries(
      instructions(dockerfile)
        .filter(([k]) => k === 'ENV')
        .flatMap(([, a]) => [...a.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])),
    );
    expect(imageEnv).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '8787' });
    // Service names (postgres, redis) resolve only inside compose's network; loopback keeps the test off this machine's other interfaces.
    return { PATH: process.env.PATH ?? '', ...imageEnv, ...compose, DATABASE_URL: databaseUrl, REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', HOST: '127.0.0.1', PORT: String(port) };
  }

  function start(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/serve.ts'], { cwd: image, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    return { child, output: () => output };
  }

  it('applies the migrations, then answers /api/ready (the HEALTHCHECK) with the environment compose.yaml gives', async () => {
    const port = await freePort();
    const vars = operatorEnv();
    const env = containerEnv(composeEnvironment(join(root, 'compose.yaml'), 'backend', vars), port);
    expect(env).toMatchObject({ NODE_ENV: 'production', TRUST_PROXY: '1', JWT_SECRET: vars.JWT_SECRET, STRIPE_SECRET_KEY: '' });
    const proc = start(env);
    try {
      let ready: Response | undefined;
      for (let i = 0; i < 150 && !ready?.ok; i++) {
        if (proc.child.exitCode !== null) throw new Error(`the entry point exited with ${proc.child.exitCode}:\n${proc.output()}`);
        ready = await fetch(`http://127.0.0.1:${port}/api/ready`).catch(() => undefined);
        if (!ready?.ok) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready?.status).toBe(200);
      expect(await ready!.json()).toEqual({ ok: true, database: 'ok' });
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      const applied = (await db.query('select name from mikro_orm_migrations order by id')).rows.map((r) => r.name);
      await db.end();
      expect(applied).toEqual(migrationsList.map((m) => m.name));
      // Production settings are in force: JSON logs, and metrics only with the token.
      expect(proc.output()).toMatch(/"msg":"backend listening"/);
      expect((await fetch(`http://127.0.0.1:${port}/api/metrics`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/api/metrics`, { headers: { authorization: `Bearer ${vars.METRICS_TOKEN}` } })).status).toBe(200);
    } finally {
      proc.child.kill('SIGTERM');
      const [code] = await once(proc.child, 'exit');
      expect(code, 'SIGTERM stops it cleanly').toBe(0);
    }
  });

  it.each([
    ['JWT_SECRET', /JWT_SECRET: required in production/],
    ['ENTITLEMENT_PRIVATE_KEY', /ENTITLEMENT_PRIVATE_KEY: required in production/],
    ['DATABASE_URL', /DATABASE_URL: required \(the PostgreSQL to use/],
    ['REDIS_URL', /REDIS_URL: required \(the Redis/],
  ])('refuses to start without %s, saying what to set', async (missing, message) => {
    const env = containerEnv(composeEnvironment(join(root, 'compose.yaml'), 'backend', operatorEnv()), await freePort());
    delete env[missing];
    const proc = start(env);
    const [code] = await once(proc.child, 'exit');
    expect(code).toBe(2);
    expect(proc.output()).toMatch(/^Invalid configuration:/);
    expect(proc.output()).toMatch(message);
  });
});
