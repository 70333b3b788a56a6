import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { initTestApp, type TestApp } from '../helpers/test-app.ts';
import { client } from '../helpers/http.ts';
import { signedInUser } from '../helpers/accounts.ts';

const run = promisify(execFile);
let app: TestApp;
beforeAll(async () => {
  app = await initTestApp();
});
afterAll(() => app.close());

async function admin(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
      env: { ...process.env, DATABASE_URL: app.databaseUrl, NODE_ENV: 'test' },
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('npm run admin', () => {
  it('grants Premium until a date, lists it, and revokes it; entitlements follow', async () => {
    const { email, tokens } = await signedInUser(app);
    const api = client(app.url);
    const granted = await admin('grant', email, 'premium', '--until', '2099-12-31', '--reason', 'band member');
    expect(granted).toMatchObject({ code: 0 });
    expect(granted.out).toContain('has Premium until 2099-12-31');
    expect((await api.get('/api/entitlements', tokens.accessToken)).body.claims).toMatchObject({ plan: 'premium', source: 'grant' });
    expect((await admin('list')).out).toContain(email);
    expect((await admin('revoke', email)).code).toBe(0);
    expect((await api.get('/api/entitlements', tokens.accessToken)).body.claims.plan).toBe('free');
  });

  it.each([
    [['grant', 'nobody@example.com', 'premium', '--until', '2099-01-01'], 1, 'No account with the email'],
    [['grant', 'x@example.com', 'premium', '--until', 'soon'], 2, '--until needs a date'],
    [['grant', 'x@example.com', 'gold', '--until', '2099-01-01'], 2, 'Usage'],
    [['frobnicate'], 2, 'Usage'],
  ])('explains bad input: %j', async (args, code, message) => {
    const res = await admin(...args);
    expect(res.code).toBe(code);
    expect(res.out).toContain(message);
  });
});
