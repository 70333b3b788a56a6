import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase } from '../../tools/embedded-postgres/postgres.ts';
import { freePort } from '../helpers/backend-process.ts';

// `npm start | head`, a closed log pipe, a supervisor that stops the service: whatever happened to
// stdout, SIGTERM stops everything cleanly and nothing spins on a broken pipe meanwhile.

/** CPU seconds the process has used so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks
}

/** Reads the child's stdout up to the first line, then closes the pipe, as `head -1` does. */
async function closeAfterFirstLine(child: ChildProcess): Promise<string> {
  let text = '';
  for await (const chunk of child.stdout!) {
    text += String(chunk);
    if (/\S.*\n/.test(text)) break; // leaving the loop destroys the stream: the pipe closes
  }
  return text.split('\n').find((line) => line.trim())!;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited early with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/ready`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} not ready in ${timeoutMs} ms`);
}

/** Stops the child with SIGTERM; resolves with its exit code and how long it took. */
async function terminate(child: ChildProcess): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000).unref());
  const result = await Promise.race([exited, timeout]);
  if (result === 'timeout') {
    child.kill('SIGKILL');
    throw new Error('did not stop within 30 s of SIGTERM');
  }
  return { code: child.exitCode, ms: Math.round(performance.now() - started) };
}

describe('a closed stdout', () => {
  it('npm start: keeps serving without spinning, and SIGTERM stops it and its PostgreSQL', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'st-closed-stdout-'));
    const port = await freePort();
    // Through npm itself, as a user or a supervisor runs it: SIGTERM goes to npm.
    const npmCli = process.env.npm_execpath?.endsWith('.js') ? process.env.npm_execpath : undefined;
    const [command, args] = npmCli ? [process.execPath, [npmCli, 'start', '--', '--no-browser']] : ['npm', ['start', '--', '--no-browser']];
    const child = spawn(command, args, {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), FAKE_STRIPE_PORT: String(await freePort()), DATABASE_URL: '', NODE_ENV: '', DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      expect(await closeAfterFirstLine(child)).toMatch(/\[start\]|stagetracker-pro/);
      await waitReady(`http://127.0.0.1:${port}`, child, 90_000);
      // Idle with a broken pipe: the start script must not loop on EPIPE.
      const before = cpuSeconds(child.pid!);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(cpuSeconds(child.pid!) - before, 'CPU seconds used in 2 s idle').toBeLessThan(0.5);
      const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
      expect(existsSync(pidFile)).toBe(true);

      const { code, ms } = await terminate(child);
      console.log(`npm start with a closed stdout: SIGTERM -> exit ${code} in ${ms} ms`);
      // npm reports its own signal as 143; what matters is that everything below it stopped.
      expect([0, 143]).toContain(code);
      expect(existsSync(pidFile), 'embedded PostgreSQL stopped').toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('the backend process: logs to a closed pipe, answers, and SIGTERM stops it', { timeout: 60_000 }, async () => {
    const server = inject('pgServerUrl');
    const name = `st_closed_${process.pid}`;
    const databaseUrl = await createDatabase(server, name, { template: inject('pgTemplate') });
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'backend/src/main.ts'], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: databaseUrl, PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'st-closed-be-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      await closeAfterFirstLine(child);
      child.stderr!.destroy();
      await waitReady(`http://127.0.0.1:${port}`, child, 30_000);
      // Every request logs a line into the closed pipe.
      for (let i = 0; i < 50; i++) expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      const before = cpuSeconds(child.pid!);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(cpuSeconds(child.pid!) - before, 'CPU seconds used in 1.5 s idle').toBeLessThan(0.4);
      const { code, ms } = await terminate(child);
      console.log(`backend with a closed stdout: SIGTERM -> exit ${code} in ${ms} ms`);
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await dropDatabase(server, name).catch(() => {});
    }
  });
});
