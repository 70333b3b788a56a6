import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface BackendProcess {
  url: string;
  /** The process's METRICS_TOKEN (random unless given), for GET /api/metrics. */
  metricsToken: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** A free loopback port (asks the OS, then lets go of it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The backend as its own process (`backend/src/main.ts`), for benchmarks whose load generator
 * must not share its event loop and for tests of several instances. Resolves once /api/ready answers.
 */
export async function startBackendProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<BackendProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const metricsToken = env.METRICS_TOKEN ?? randomBytes(32).toString('base64url');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'backend/src/main.ts'], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', REQUIRE_EMAIL_VERIFICATION: 'false', METRICS_TOKEN: metricsToken, ...env, DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  };
  for (let i = 0; i < 150; i++) {
    if (proc.exitCode !== null) throw new Error(`backend exited with ${proc.exitCode}`);
    try {
      if ((await fetch(`${url}/api/ready`)).ok) return { url, metricsToken, proc, stop };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error('backend did not become ready in 30 s');
}
