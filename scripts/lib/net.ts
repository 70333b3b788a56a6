import { createServer } from 'node:net';

/** True if nothing listens on host:port (tries to listen there itself). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Polls `url` until it answers 2xx; gives up when `abandon()` says so or after `timeoutMs`. */
export async function waitForHttp(url: string, opts: { timeoutMs: number; abandon?: () => boolean; intervalMs?: number }): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (opts.abandon?.()) return;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${opts.timeoutMs / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 200));
  }
}
