import autocannon from 'autocannon';
import bcrypt from 'bcrypt';
import type { Figure } from './report.ts';
import { steadyLoad } from './steady-load.ts';

const CONNECTIONS = 50;

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(
  url: string,
  opts: { duration: number; connections?: number; method?: string; headers?: Record<string, string>; body?: string; overallRate?: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    duration: opts.duration,
    connections: opts.connections ?? CONNECTIONS,
    ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
    method: (opts.method ?? 'GET') as 'GET',
    headers: opts.headers,
    body: opts.body,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

/** bcrypt cost-12 time per hash, median of n (the floor under login throughput). */
export async function bcryptFigure(n = 8): Promise<Figure> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await bcrypt.hash('Correct-Horse-42', 12);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { group: 'backend', name: 'bcrypt hash (cost 12), median', value: times[Math.floor(n / 2)]!, unit: 'ms' };
}

/** Account throughput: /api/health (baseline), /api/auth/me (JWT + session row), login (bcrypt-bound). */
export async function accountFigures(url: string, duration: number): Promise<Figure[]> {
  const email = `bench.${Date.now()}@example.com`;
  const password = 'Correct-Horse-42';
  const json = { 'content-type': 'application/json' };
  const reg = await fetch(`${url}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${await reg.text()}`);
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password, device: { id: 'bench-device-1', name: 'bench' } }) });
  const { accessToken } = (await login.json()) as { accessToken: string };

  // Warm both paths first (JIT, first entitlement signed), so the baseline is not measured cold.
  for (const path of ['/api/health', '/api/entitlements']) await load(`${url}${path}`, { duration: Math.min(2, duration), headers: { authorization: `Bearer ${accessToken}` } });
  const health = await load(`${url}/api/health`, { duration });
  const me = await load(`${url}/api/auth/me`, { duration, headers: { authorization: `Bearer ${accessToken}` } });
  const entitlements = await load(`${url}/api/entitlements`, { duration, headers: { authorization: `Bearer ${accessToken}` } });
  const logins = await load(`${url}/api/auth/login`, { duration, connections: 8, method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
  for (const [name, r] of Object.entries({ health, me, entitlements, logins })) {
    if (r.errors || r.non2xx) throw new Error(`${name}: ${r.errors} errors, ${r.non2xx} non-2xx answers under load`);
  }
  const base = { name: 'GET /api/health', value: health.rps };
  return [
    { group: 'backend', name: `GET /api/health throughput (${CONNECTIONS} conns)`, value: health.rps, unit: 'req/s' },
    { group: 'backend', name: `GET /api/auth/me throughput (${CONNECTIONS} conns)`, value: me.rps, unit: 'req/s', baseline: base },
    { group: 'backend', name: 'GET /api/auth/me latency p50', value: me.p50, unit: 'ms' },
    {
      group: 'backend',
      name: `GET /api/entitlements throughput (${CONNECTIONS} conns)`,
      value: entitlements.rps,
      unit: 'req/s',
      baseline: base,
      target: '≥ 0.6 × health',
      pass: entitlements.rps >= 0.6 * health.rps,
    },
    { group: 'backend', name: 'GET /api/entitlements latency p50', value: entitlements.p50, unit: 'ms' },
    { group: 'backend', name: 'GET /api/entitlements latency p99', value: entitlements.p99, unit: 'ms' },
    { group: 'backend', name: 'GET /api/auth/me latency p99', value: me.p99, unit: 'ms' },
    { group: 'backend', name: 'POST /api/auth/login throughput (8 conns, cost 12)', value: logins.rps, unit: 'req/s', baseline: base },
    { group: 'backend', name: 'POST /api/auth/login latency p50', value: logins.p50, unit: 'ms' },
  ];
}

/**
 * The backend's throughput target, 1,000+ requests per second, on the route every player polls:
 * GET /api/entitlements held at a fixed 1,000 requests/s (loopback only, stops by itself) with
 * zero errors allowed.
 */
export async function sustainedLoadFigures(url: string, seconds: number, metricsToken: string): Promise<Figure[]> {
  const json = { 'content-type': 'application/json' };
  const email = `load.${Date.now()}@example.com`;
  await fetch(`${url}/api/auth/register`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'Correct-Horse-42' }) });
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'Correct-Horse-42', device: { id: 'load-device-1', name: 'load' } }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };
  await fetch(`${url}/api/entitlements`, { headers: auth }); // signed once, then served from memory
  const eventLoop = async () =>
    ((await (await fetch(`${url}/api/metrics/json`, { headers: { authorization: `Bearer ${metricsToken}` } })).json()) as { eventLoopDelayMs: { p99Ms: number; maxMs: number } }).eventLoopDelayMs;
  await eventLoop(); // starts the window
  const r = await steadyLoad(`${url}/api/entitlements`, { rate: 1000, seconds, connections: 50, headers: auth });
  const loop = await eventLoop();
  // The same rate as autocannon paces it (per-connection quotas sent at the top of each second).
  const bursts = await load(`${url}/api/entitlements`, { duration: Math.min(seconds, 10), connections: 50, overallRate: 1000, headers: auth });
  return [
    { group: 'load', name: `GET /api/entitlements held at a steady 1,000 req/s for ${seconds} s (50 keep-alive connections): achieved`, value: r.achieved, unit: 'req/s', target: '≥ 990', pass: r.achieved >= 990 },
    { group: 'load', name: 'errors (non-2xx, timeouts, resets)', value: r.errors, unit: '', target: '0', pass: r.errors === 0 },
    { group: 'load', name: 'latency p50 at 1,000 req/s (request due -> answer read, loopback)', value: r.p50, unit: 'ms' },
    { group: 'load', name: 'latency p99 at 1,000 req/s (request due -> answer read, loopback)', value: r.p99, unit: 'ms', target: '≤ 20 ms', pass: r.p99 <= 20 },
    { group: 'load', name: 'latency max at 1,000 req/s', value: r.max, unit: 'ms' },
    { group: 'load', name: 'backend event-loop delay during that load, p99 (/api/metrics/json)', value: loop.p99Ms, unit: 'ms' },
    { group: 'load', name: 'backend event-loop delay during that load, max', value: loop.maxMs, unit: 'ms' },
    { group: 'load', name: "autocannon's overallRate=1000 (bursts at the top of each second), p99 as it reports it", value: bursts.p99, unit: 'ms' },
  ];
}
