import { invalidRequest, resourceMissing } from './errors.ts';

export interface ApiList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

export interface Paging {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

/**
 * Cursor pagination over an already filtered, newest-first array, as Stripe's list endpoints do:
 * `limit` 1..100 (default 10), `starting_after` / `ending_before` an id within the list.
 */
export function paginate<T extends { id: string }>(items: T[], paging: Paging, url: string, noun: string): ApiList<T> {
  const limit = paging.limit ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest('Invalid limit: must be between 1 and 100', 'limit');
  if (paging.starting_after !== undefined && paging.ending_before !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', 'ending_before', 'parameters_exclusive');
  }
  const cursor = (param: 'starting_after' | 'ending_before', id: string): number => {
    const i = items.findIndex((x) => x.id === id);
    if (i === -1) throw resourceMissing(noun, id, param);
    return i;
  };
  if (paging.ending_before !== undefined) {
    const end = cursor('ending_before', paging.ending_before);
    const start = Math.max(0, end - limit);
    return { object: 'list', data: items.slice(start, end), has_more: start > 0, url };
  }
  const start = paging.starting_after !== undefined ? cursor('starting_after', paging.starting_after) + 1 : 0;
  return { object: 'list', data: items.slice(start, start + limit), has_more: start + limit < items.length, url };
}

/** A complete list embedded in another object (e.g. `subscription.items`). */
export function embeddedList<T>(data: T[], url: string): ApiList<T> {
  return { object: 'list', data, has_more: false, url };
}
