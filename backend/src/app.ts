import Koa from 'koa';
import { RequestContext } from '@mikro-orm/core';
import type { Deps } from './deps.ts';
import { bodyParser } from './http/body.ts';
import { errorMiddleware } from './http/error-middleware.ts';
import { requestContext } from './http/request-context.ts';
import { corsPolicy, securityHeaders } from './http/security.ts';
import { authPages } from './modules/auth/pages.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { deviceRoutes } from './modules/devices/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { requestMetrics } from './modules/metrics/http.ts';
import { metricsRoutes } from './modules/metrics/routes.ts';
import { openApiRoutes } from './modules/openapi/routes.ts';
import { devMailRoutes } from './modules/mail/routes.ts';
import { billingPages } from './modules/billing/pages.ts';
import { billingRoutes } from './modules/billing/routes.ts';
import { entitlementRoutes } from './modules/entitlements/routes.ts';
import { webhookRoutes } from './modules/webhooks/routes.ts';
import { progressRoutes } from './modules/progress/routes.ts';
import { accountRoutes } from './modules/users/routes.ts';

/** Wires middleware and routes; no logic lives here. */
export function createApp(deps: Deps): Koa {
  // Behind N proxies the client IP is the Nth address from the right of X-Forwarded-For.
  const hops = deps.config.trustProxyHops;
  const app = new Koa({ proxy: hops > 0, maxIpsCount: hops });
  app.silent = true; // errors are logged by the error middleware, once, with the request id

  app.use(requestMetrics(deps.metrics));
  app.use((ctx, next) => RequestContext.create(deps.orm.em, next));
  app.use(requestContext(deps.log));
  app.use(errorMiddleware());
  app.use(securityHeaders());
  app.use(corsPolicy(deps.config));
  app.use(bodyParser(deps.config.bodyLimit));

  const routers = [
    healthRoutes(deps),
    metricsRoutes(deps, { prefix: '/api/metrics', open: false }),
    openApiRoutes(),
    authRoutes(deps),
    authPages(deps),
    deviceRoutes(deps),
    billingRoutes(deps),
    billingPages(deps),
    webhookRoutes(deps),
    entitlementRoutes(deps),
    progressRoutes(deps),
    accountRoutes(deps),
  ];
  if (deps.config.devMailbox) routers.push(devMailRoutes({ mailer: deps.mailer, mailbox: deps.config.devMailbox, log: deps.log }));
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods({ throw: true }));
  }
  return app;
}
