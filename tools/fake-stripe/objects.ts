/** Small helpers shared by the resources. */

export type Metadata = Record<string, string>;

/** Applies a metadata update: `null` clears all keys, a `''` value deletes one key. */
export function mergeMetadata(current: Metadata, update: Metadata | null | undefined): Metadata {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}

/**
 * Stripe's `previous_attributes` for an `*.updated` event: the old values of the top-level fields
 * that changed. Returns null when nothing changed (then no event is sent, as Stripe does).
 */
export function previousAttributes(before: object, after: object): Record<string, unknown> | null {
  const prev: Record<string, unknown> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) prev[key] = b[key] ?? null;
  }
  return Object.keys(prev).length ? prev : null;
}

const SECONDS_PER_DAY = 86_400;

/** Adds calendar months like Stripe's billing does: Jan 31 + 1 month = Feb 28/29 (end of month). */
export function addInterval(unixSeconds: number, interval: string, count: number): number {
  const d = new Date(unixSeconds * 1000);
  switch (interval) {
    case 'day':
      return unixSeconds + count * SECONDS_PER_DAY;
    case 'week':
      return unixSeconds + count * 7 * SECONDS_PER_DAY;
    case 'month':
    case 'year': {
      const months = interval === 'year' ? 12 * count : count;
      const day = d.getUTCDate();
      const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
      const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(day, lastDay));
      return Math.floor(target.getTime() / 1000);
    }
    default:
      throw new RangeError(`Unknown interval: ${interval}`);
  }
}
