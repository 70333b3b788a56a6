import { z } from 'zod';
import { apiErrorBody } from '../../../../shared/api/responses.ts';
import { operations } from './catalogue.ts';
import { withCommonAnswers, type Answer, type Operation, type Param } from './operation.ts';

type Json = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect); requests as accepted, answers as sent. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  if (schema === apiErrorBody) return { $ref: '#/components/schemas/ApiError' };
  const { $schema: _, id: __, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
}

/** `/api/devices/:id` (Koa) → `/api/devices/{id}` (OpenAPI). */
export const openApiPath = (koaPath: string) => koaPath.replace(/:(\w+)/g, '{$1}');

const operationId = (op: Operation) =>
  op.method + openApiPath(op.path).replace(/[{}.]/g, '').split(/[/-]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

function parameter(name: string, where: 'path' | 'query', p: Param): Json {
  return { name, in: where, required: where === 'path' || !!p.required, description: p.description, schema: jsonSchema(p.schema, 'input'), ...(p.example !== undefined ? { example: p.example } : {}) };
}

function answer(a: Answer): Json {
  const out: Json = { description: a.description };
  if (a.headers) out.headers = Object.fromEntries(Object.entries(a.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
  if (a.media === 'html') out.content = { 'text/html': { schema: { type: 'string' } } };
  else if (a.media === 'text') out.content = { 'text/plain; version=0.0.4': { schema: { type: 'string' }, ...(a.example !== undefined ? { example: a.example } : {}) } };
  else if (a.schema) out.content = { 'application/json': { schema: jsonSchema(a.schema, 'output'), ...(a.example !== undefined ? { example: a.example } : {}) } };
  return out;
}

function operation(op: Operation): Json {
  const parameters = [
    ...Object.entries(op.params ?? {}).map(([n, p]) => parameter(n, 'path', p)),
    ...Object.entries(op.query ?? {}).map(([n, p]) => parameter(n, 'query', p)),
  ];
  return {
    operationId: operationId(op),
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    // An empty list marks a public route explicitly; several entries mean any one will do.
    security: op.auth.map((scheme) => ({ [scheme]: [] })),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { [op.body.form ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: jsonSchema(op.body.schema, 'input'), example: op.body.example } } } }
      : {}),
    responses: Object.fromEntries(Object.entries(op.responses).map(([status, a]) => [status, answer(a)])),
  };
}

/** Every operation with the answers its kind shares (validation, sign-in, rate limit, database). */
export const documentedOperations = (): Operation[] => operations.map(withCommonAnswers);

/** The OpenAPI 3.1 document of the whole HTTP API. */
export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of documentedOperations()) (paths[openApiPath(op.path)] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'StageTracker Pro backend',
      version,
      description:
        'Accounts, devices, billing (Stripe), signed Premium entitlements and the practice log of StageTracker Pro. Every error answer has one shape (ApiError). Generated from the zod schemas in shared/api.',
      license: { name: 'Proprietary' },
    },
    servers: [{ url: '/', description: 'This server' }],
    tags: ['Accounts', 'Account', 'Devices', 'Practice log', 'Billing', 'Entitlements', 'Operations', 'Pages'].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ApiError: jsonSchema(z.object(apiErrorBody.shape), 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The accessToken from sign-in (POST /api/auth/login).' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'st_session', description: 'Web sign-ins (client "web"); changes also need the X-CSRF-Token header.' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN from the server’s environment.' },
        devMailToken: { type: 'apiKey', in: 'header', name: 'X-Dev-Mail-Token', description: 'Printed by the backend at start in development.' },
        stripeSignature: { type: 'apiKey', in: 'header', name: 'Stripe-Signature', description: 'Stripe’s signature of the raw body with STRIPE_WEBHOOK_SECRET.' },
      },
    },
  };
}
