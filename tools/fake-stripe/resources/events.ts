import { paginate } from '../list.ts';
import { inRange, list, paging, parseParams, range, str, z } from '../params.ts';
import { route, type ApiRoute } from '../router.ts';

const listSchema = z.strictObject({
  ...paging,
  type: str().optional(),
  types: list(str()).optional(),
  created: range().optional(),
  delivery_success: z.string().optional(),
});

/** `customer.subscription.*` style wildcards, as the `type` filter allows. */
function typeMatches(type: string, pattern: string): boolean {
  return pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

export const eventRoutes: ApiRoute[] = [
  route('GET', '/v1/events/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.events.require(path.id!);
  }),
  route('GET', '/v1/events', ({ store, params, url }) => {
    const q = parseParams(listSchema, params);
    const items = store.events
      .all()
      .filter(
        (e) =>
          (q.type === undefined || typeMatches(e.type, q.type)) &&
          (q.types === undefined || q.types.some((t) => typeMatches(e.type, t))) &&
          inRange(e.created, q.created),
      );
    return paginate(items, q, url, 'event');
  }),
];
