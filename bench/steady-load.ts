import { Agent, request } from 'node:http';
import { createHistogram } from 'node:perf_hooks';

export interface SteadyLoadResult {
  /** Answers per second over the run. */
  achieved: number;
  p50: number;
  p99: number;
  max: number;
  /** Non-2xx answers, connection errors and timeouts. */
  errors: number;
}

/**
 * An open-loop load at a steady rate (the wrk2 method): request i is due at start + i / rate, and
 * its latency runs from that due time to the last byte of the answer, so a stall on either side
 * counts for every request it delays. autocannon's `overallRate` is not that: each connection
 * sends its per-second quota in a burst at the top of every second (1,000 "per second" arrive
 * within ~150 ms), and its correction for coordinated omission assumes a 1 ms interval per
 * connection, back-filling a slow answer with many synthetic ones; both made its p99 a figure of
 * the load generator. Loopback only; stops by itself.
 */
export async function steadyLoad(url: string, opts: { rate: number; seconds: number; connections: number; headers?: Record<string, string> }): Promise<SteadyLoadResult> {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error(`steady load targets loopback only, not ${target.hostname}`);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies = createHistogram();
  const total = Math.round(opts.rate * opts.seconds);
  let errors = 0;
  let done = 0;
  const started = performance.now();
  let finished!: () => void;
  const allDone = new Promise<void>((resolve) => (finished = resolve));

  const fire = (due: number) => {
    const settle = (ok: boolean) => {
      if (!ok) errors++;
      latencies.record(Math.max(1, Math.round((performance.now() - due) * 1000)));
      if (++done === total) finished();
    };
    const req = request(target, { agent, headers: opts.headers, timeout: 10_000 }, (res) => {
      res.on('data', () => {});
      res.on('end', () => settle((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
      res.on('error', () => settle(false));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => settle(false));
    req.end();
  };

  for (let i = 0; i < total; ) {
    const now = performance.now();
    // Everything due by now goes out now; a late timer never thins the load.
    while (i < total && started + (i * 1000) / opts.rate <= now) fire(started + (i++ * 1000) / opts.rate);
    if (i < total) await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (i * 1000) / opts.rate - performance.now())));
  }
  await allDone;
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  const ms = (us: number) => Math.round(us / 10) / 100;
  return { achieved: total / seconds, p50: ms(latencies.percentile(50)), p99: ms(latencies.percentile(99)), max: ms(latencies.max), errors };
}
