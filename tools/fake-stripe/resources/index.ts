import type { ApiRoute } from '../router.ts';
import { billingPortalRoutes } from './billing-portal.ts';
import { paymentRoutes } from './charges.ts';
import { checkoutSessionRoutes } from './checkout-sessions.ts';
import { customerRoutes } from './customers.ts';
import { eventRoutes } from './events.ts';
import { invoiceRoutes } from './invoices.ts';
import { priceRoutes } from './prices.ts';
import { productRoutes } from './products.ts';
import { subscriptionRoutes } from './subscriptions.ts';

/** Every `/v1` endpoint the fake answers; anything else is Stripe's "Unrecognized request URL". */
export const apiRoutes: readonly ApiRoute[] = [
  ...productRoutes,
  ...priceRoutes,
  ...customerRoutes,
  ...checkoutSessionRoutes,
  ...subscriptionRoutes,
  ...billingPortalRoutes,
  ...invoiceRoutes,
  ...eventRoutes,
  ...paymentRoutes,
];
