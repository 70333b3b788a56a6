import { invalidRequest } from './errors.ts';

/** A parsed form value: a string, or nested fields keyed by name (indices stay string keys). */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits `a[b][0][c]` into `['a', 'b', '0', 'c']`; `a[]` gives `['a', '']` (append). */
export function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  let pos = open;
  while (pos < key.length) {
    const close = key.indexOf(']', pos);
    // Anything but `[…]` groups after the name (`a[b]c`, `a[b`) is not a shape Stripe accepts.
    if (key[pos] !== '[' || close === -1) throw invalidRequest(`Invalid parameter name: ${key}`, key);
    segments.push(key.slice(pos + 1, close));
    pos = close + 1;
  }
  return segments;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw invalidRequest('The request body could not be decoded as application/x-www-form-urlencoded.');
  }
}

/**
 * Parses `application/x-www-form-urlencoded` the way the Stripe SDK writes it (`qs` indexed style:
 * `line_items[0][price]=price_1&metadata[plan]=pro&expand[0]=customer`). Numeric segments stay
 * object keys (`{ '0': … }`): only the schema knows whether `metadata[0]` is a key or an index,
 * so lists are turned into arrays by the parameter schemas. `a[]=x` appends to an array.
 */
export function parseForm(body: string): FormObject {
  const root: FormObject = {};
  if (!body) return root;
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const segments = splitKey(rawKey);
    if (segments.some((s) => FORBIDDEN.has(s))) throw invalidRequest(`Invalid parameter name: ${rawKey}`, rawKey);
    assign(root, segments, value, rawKey);
  }
  return root;
}

function assign(root: FormObject, segments: string[], value: string, rawKey: string): void {
  let holder: FormObject | FormValue[] = root;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    if (Array.isArray(holder)) {
      // Only `[]` may follow an array; `a[]=1&a[0]=2` mixes styles and is rejected.
      if (seg !== '') throw invalidRequest(`Invalid array parameter: ${rawKey}`, rawKey);
      if (last) {
        holder.push(value);
        return;
      }
      const child: FormObject = {};
      holder.push(child);
      holder = child;
      continue;
    }
    if (seg === '') throw invalidRequest(`Invalid parameter name: ${rawKey}`, rawKey);
    const next: string | undefined = segments[i + 1];
    if (last) {
      if (typeof holder[seg] === 'object') throw invalidRequest(`Invalid parameter: ${rawKey} is both a value and a hash`, rawKey);
      holder[seg] = value; // a repeated key keeps the last value
      return;
    }
    let child: FormValue | undefined = holder[seg];
    if (child === undefined || typeof child === 'string') {
      // `metadata=` (empty) followed by `metadata[a]=b`: the nested form wins.
      child = next === '' ? [] : {};
      holder[seg] = child;
    }
    holder = child as FormObject | FormValue[];
  }
}
