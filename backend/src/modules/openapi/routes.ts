import { readFileSync } from 'node:fs';
import Router from '@koa/router';
import { openApiDocument } from './document.ts';

/** The version the document names: the project's own, from package.json. */
const version = (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** GET /api/openapi.json: public, built once per process. */
export function openApiRoutes(): Router {
  const router = new Router();
  let document: string | undefined;
  router.get('/api/openapi.json', (ctx) => {
    ctx.type = 'json';
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = document ??= JSON.stringify(openApiDocument(version));
  });
  return router;
}
