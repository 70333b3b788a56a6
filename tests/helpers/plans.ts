import { grantPremium } from '../../backend/src/modules/grants/service.ts';
import type { TestApp } from './test-app.ts';

/** Premium through an admin grant: for tests about several devices that are not about billing. */
export async function makePremium(app: TestApp, email: string, days = 30) {
  await grantPremium(app.deps.orm.em.fork(), email, new Date(Date.now() + days * 86_400_000), 'test');
}
