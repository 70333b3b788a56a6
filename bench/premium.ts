/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Premium for bench fixtures the way a customer gets it: an account on the real backend, paid
// through Checkout on the project's fake Stripe (signed webhooks), then signed in from the player.
import type { Page } from 'puppeteer-core';
import { signIn, useServer, waitForPlan } from '../tests/e2e/account-page.ts';
import type { TestBackend } from '../tests/e2e/backend.ts';

const json = { 'content-type': 'application/json' };

export async function signInAsPremium(player: Page, backend: TestBackend): Promise<void> {
  const email = `bench.${Date.now()}@example.com`;
  const password = 'Correct-Horse-42';
  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${backend.url}${path}`, { method: 'POST', headers: { ...json, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  await call('/api/auth/register', { email, password });
  const { accessToken } = (await call('/api/auth/login', { email, password, client: 'web' })) as { accessToken: string };
  const checkout = (await call('/api/billing/create-checkout-session', { price: 'premium_monthly' }, accessToken)) as { id: string };
  await backend.fake.pay(checkout.id);
  await backend.fake.idle(); // the webhooks have reached the backend
  await useServer(player, backend.url, 'bench');
  await signIn(player, email, password);
  await waitForPlan(player, 'premium', 20_000);
}
