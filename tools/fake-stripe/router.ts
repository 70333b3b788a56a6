import type { FormObject } from './form.ts';
import type { Store } from './store.ts';

/** What an API handler gets: the store, validated-later params, and `:name` path segments. */
export interface ApiRequest {
  store: Store;
  params: FormObject;
  path: Record<string, string>;
  /** The request path without query, as lists report it in `url`. */
  url: string;
}

export type ApiHandler = (req: ApiRequest) => object;

export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  names: string[];
  handler: ApiHandler;
}

/** `route('GET', '/v1/customers/:id', h)`: a tiny matcher, so handlers stay plain functions. */
export function route(method: ApiRoute['method'], path: string, handler: ApiHandler): ApiRoute {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { method, pattern: new RegExp(`^${source}$`), names, handler };
}

export function matchRoute(routes: readonly ApiRoute[], method: string, path: string): { route: ApiRoute; path: Record<string, string> } | null {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
    return { route: r, path: params };
  }
  return null;
}
