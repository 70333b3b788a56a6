import type Stripe from 'stripe';
import { invalidRequest } from '../errors.ts';
import { oneOf, parseParams, str, z } from '../params.ts';
import { route, type ApiRoute } from '../router.ts';
import { newId } from '../store.ts';
import { liveCustomer } from './customers.ts';

export type PortalSessionRecord = Pick<
  Stripe.BillingPortal.Session,
  'id' | 'object' | 'created' | 'customer' | 'customer_account' | 'flow' | 'livemode' | 'locale' | 'on_behalf_of' | 'return_url' | 'url'
> & { configuration: string };

/** One default portal configuration, as every account has. */
const CONFIGURATION_ID = 'bpc_fake_default';

/** A portal configuration: which actions the portal offers (the fake portal page offers the same ones whatever it says). */
export interface PortalConfigurationRecord {
  id: string;
  object: 'billing_portal.configuration';
  active: boolean;
  created: number;
  default_return_url: string | null;
  features: Record<string, unknown>;
  is_default: boolean;
  livemode: false;
  metadata: Record<string, string>;
  name: string | null;
}

const configurationSchema = z.strictObject({
  features: z.record(z.string(), z.unknown()),
  business_profile: z.record(z.string(), z.unknown()).optional(),
  default_return_url: str().optional(),
  name: str().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

const createSchema = z.strictObject({
  customer: str(),
  return_url: str().optional(),
  configuration: str().optional(),
  locale: str().optional(),
  on_behalf_of: str().optional(),
  // flow_data (deep links such as subscription_cancel) is accepted; the fake portal page offers
  // the same actions whatever the flow.
  flow_data: z
    .object({ type: oneOf(['payment_method_update', 'subscription_cancel', 'subscription_update', 'subscription_update_confirm']) })
    .loose()
    .optional(),
});

export const billingPortalRoutes: ApiRoute[] = [
  route('POST', '/v1/billing_portal/sessions', ({ store, params }) => {
    const input = parseParams(createSchema, params);
    liveCustomer(store, input.customer, 'customer');
    if (input.configuration !== undefined && input.configuration !== CONFIGURATION_ID && !store.portalConfigurations.get(input.configuration)?.active) {
      throw invalidRequest(`No such configuration: '${input.configuration}'`, 'configuration', 'resource_missing');
    }
    const id = newId('bps_');
    const session: PortalSessionRecord = {
      id,
      object: 'billing_portal.session',
      configuration: input.configuration ?? CONFIGURATION_ID,
      created: store.now(),
      customer: input.customer,
      customer_account: null,
      flow: null,
      livemode: false,
      locale: (input.locale as PortalSessionRecord['locale']) ?? null,
      on_behalf_of: input.on_behalf_of ?? null,
      return_url: input.return_url ?? null,
      url: `${store.baseUrl}/p/session/${id}`,
    };
    store.portalSessions.set(session);
    return session;
  }),
  route('POST', '/v1/billing_portal/configurations', ({ store, params }) => {
    const input = parseParams(configurationSchema, params);
    const config: PortalConfigurationRecord = {
      id: newId('bpc_'),
      object: 'billing_portal.configuration',
      active: true,
      created: store.now(),
      default_return_url: input.default_return_url ?? null,
      features: input.features,
      is_default: false,
      livemode: false,
      metadata: input.metadata ?? {},
      name: input.name ?? null,
    };
    return store.portalConfigurations.set(config);
  }),
  route('GET', '/v1/billing_portal/configurations/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.portalConfigurations.require(path.id!);
  }),
];
