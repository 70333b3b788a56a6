import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Router from '@koa/router';
import type { z } from 'zod';
import { createApp } from '../../backend/src/app.ts';
import { documentedOperations, openApiPath } from '../../backend/src/modules/openapi/document.ts';
import type { Operation } from '../../backend/src/modules/openapi/operation.ts';
import { signedInUser } from '../helpers/accounts.ts';
import { initBillingTestApp, subscribedUser, type BillingTestApp } from '../helpers/billing.ts';
import { client } from '../helpers/http.ts';

let b: BillingTestApp;
let api: ReturnType<typeof client>;
let doc: { openapi: string; info: { version: string }; paths: Record<string, Record<string, { security: unknown[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }>; requestBody?: unknown }>> };
beforeAll(async () => {
  b = await initBillingTestApp();
  api = client(b.app.url);
  const answer = await api.get('/api/openapi.json');
  expect(answer.status).toBe(200);
  doc = answer.body;
});
afterAll(() => b.close());

/** "METHOD /path" of every route the app's routers registered (HEAD comes with GET). */
function registeredRoutes(): string[] {
  const app = createApp(b.app.deps);
  const layers = app.middleware.flatMap((m) => ((m as { router?: Router }).router?.stack ?? []));
  return layers.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${openApiPath(String(layer.path))}`));
}

const documentedRoutes = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

describe('GET /api/openapi.json', () => {
  it('is a public OpenAPI 3.1 document naming the project version', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('describes every route the app registers, and no route it does not', () => {
    const registered = registeredRoutes();
    expect(registered.length).toBeGreaterThan(35);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...registered].sort()).toEqual(documentedRoutes().sort());
  });

  it('names every operation with a unique operationId and a known tag', () => {
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p)) as unknown as Array<{ operationId: string; tags: string[] }>;
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    const tags = new Set((doc as unknown as { tags: Array<{ name: string }> }).tags.map((t) => t.name));
    for (const op of ops) expect(tags.has(op.tags[0]!), op.operationId).toBe(true);
  });

  it('gives every route its auth requirement, and every fallible route its 4xx in the one error shape', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(Array.isArray(op.security), where).toBe(true);
        const statuses = Object.keys(op.responses).map(Number);
        expect(statuses.some((s) => s >= 200 && s < 300), where).toBe(true);
        if (op.requestBody || op.security.length) expect(statuses.some((s) => s >= 400 && s < 500), where).toBe(true);
        for (const status of statuses.filter((s) => s >= 400)) {
          const json = op.responses[status]!.content?.['application/json'];
          if (json && path.startsWith('/api/') && path !== '/api/ready') expect(json.schema, `${where} ${status}`).toEqual({ $ref: '#/components/schemas/ApiError' });
        }
      }
    }
  });
});

describe('every documented example validates against its zod schema', () => {
  const cases: Array<[string, z.ZodType, unknown]> = documentedOperations().flatMap((op: Operation) => {
    const where = `${op.method.toUpperCase()} ${op.path}`;
    return [
      ...(op.body ? [[`${where} request body`, op.body.schema, op.body.example] as [string, z.ZodType, unknown]] : []),
      ...Object.entries({ ...op.params, ...op.query }).filter(([, p]) => p.example !== undefined).map(([name, p]) => [`${where} parameter ${name}`, p.schema, p.example] as [string, z.ZodType, unknown]),
      ...Object.entries(op.responses).filter(([, a]) => a.schema && a.example !== undefined).map(([status, a]) => [`${where} ${status}`, a.schema!, a.example] as [string, z.ZodType, unknown]),
    ];
  });

  it('has examples for every request body and success answer', () => {
    for (const op of documentedOperations()) {
      const ok = Object.entries(op.responses).filter(([s]) => Number(s) < 300);
      for (const [status, a] of ok) if (!a.media) expect(a.example, `${op.method} ${op.path} ${status}`).toBeDefined();
    }
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)('%s', (_where, schema, example) => {
    const result = schema.safeParse(example);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });
});

describe('what the server really answers matches the document', () => {
  const schemaOf = (method: Operation['method'], path: string, status: number) => documentedOperations().find((op) => op.method === method && op.path === path)!.responses[status]!.schema!;

  it('the signed-in GET routes answer bodies their documented schemas accept', async () => {
    const user = await subscribedUser(b);
    const token = user.tokens.accessToken;
    await api.post('/api/progress/save', { songs: [{ songId: 'song-1', title: 'Amazing Grace', artist: 'Traditional', plays: 2, minutes: 7.5, lastPlayedAt: new Date().toISOString() }] }, token);
    for (const path of ['/api/auth/me', '/api/devices', '/api/progress', '/api/billing/subscription', '/api/billing/invoices', '/api/account/export', '/api/entitlements']) {
      const answer = await api.get(path, token);
      expect(answer.status, path).toBe(200);
      const parsed = schemaOf('get', path, 200).safeParse(answer.body);
      expect(parsed.success ? [] : parsed.error.issues, path).toEqual([]);
    }
    for (const path of ['/api/billing/plans', '/api/entitlements/jwks', '/api/ready', '/api/health']) {
      const parsed = schemaOf('get', path, 200).safeParse((await api.get(path)).body);
      expect(parsed.success ? [] : parsed.error.issues, path).toEqual([]);
    }
  });

  it('sign-in and a refused sign-in answer as documented', async () => {
    const user = await signedInUser(b.app);
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password, device: user.device });
    expect(schemaOf('post', '/api/auth/login', 200).safeParse(login.body).success).toBe(true);
    const refused = await api.post('/api/auth/login', { email: user.email, password: 'Wrong-Horse-42', device: user.device });
    expect(refused.status).toBe(401);
    expect(schemaOf('post', '/api/auth/login', 401).safeParse(refused.body).success).toBe(true);
  });
});
