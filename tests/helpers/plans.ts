import { grantPremium, revokePremium } from '../../backend/src/modules/grants/service.ts';
import { hotKeys } from '../../backend/src/modules/cache/hot.ts';
import { User } from '../../backend/src/modules/users/entity.ts';
import type { TestApp } from './test-app.ts';

/**
 * Grants reach running instances by a PostgreSQL notification, a moment later; a test
 * that reads right after drops this instance's remembered entitlement itself.
 */
async function forget(app: TestApp, email: string) {
  const user = await app.deps.orm.em.fork().findOneOrFail(User, { email });
  app.deps.hot.drop([hotKeys.entitlement(user.id)]);
}

/** Premium through an admin grant: for tests about several devices that are not about billing. */
export async function makePremium(app: TestApp, email: string, days = 30, until = new Date(Date.now() + days * 86_400_000)) {
  await grantPremium(app.deps.orm.em.fork(), email, until, 'test');
  await forget(app, email);
}

export async function removePremium(app: TestApp, email: string) {
  await revokePremium(app.deps.orm.em.fork(), email);
  await forget(app, email);
}
