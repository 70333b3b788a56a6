import { expect } from 'vitest';
import type { TestApp } from './test-app.ts';
import { client } from './http.ts';

export const STRONG_PASSWORD = 'Correct-Horse-42';
let counter = 0;

export const uniqueEmail = (tag = 'user') => `${tag}.${process.pid}.${Date.now()}.${counter++}@example.com`;

/** The link in the newest mail sent to `to`, as the user would click it. */
export function lastLink(app: TestApp, to: string, subject?: RegExp): string {
  const mail = [...app.deps.mailer.outbox].reverse().find((m) => m.to === to && (!subject || subject.test(m.subject)));
  expect(mail, `a mail to ${to}`).toBeDefined();
  return mail!.link!;
}

export const tokenFromLink = (link: string) => new URL(link).searchParams.get('token')!;

/** Registers, confirms the email through the mailed link, and signs in from a device. */
export async function signedInUser(app: TestApp, opts: { email?: string; password?: string; deviceId?: string; deviceName?: string } = {}) {
  const api = client(app.url);
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? STRONG_PASSWORD;
  const reg = await api.post('/api/auth/register', { email, password });
  expect(reg.status).toBe(201);
  const verified = await api.post('/api/auth/verify-email', { token: tokenFromLink(lastLink(app, email, /Confirm/)) });
  expect(verified.status).toBe(200);
  const device = { id: opts.deviceId ?? `dev-${counter++}-${Date.now()}`, name: opts.deviceName ?? 'Stage laptop' };
  const login = await api.post('/api/auth/login', { email, password, device });
  expect(login.status).toBe(200);
  return { email, password, device, tokens: login.body, userId: login.body.user.id as string };
}
