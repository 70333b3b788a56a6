import { z } from 'zod';
import { FakeStripeError, invalidRequest } from './errors.ts';
import type { FormObject, FormValue } from './form.ts';

/**
 * Parameter schemas for form-encoded Stripe requests. Every value arrives as a string, so the
 * helpers below convert and validate the way Stripe does, and every endpoint schema is strict:
 * an unknown parameter is a 400 `parameter_unknown`, exactly what real Stripe answers, so a typo
 * in the backend fails here too instead of being silently ignored.
 */

const tagged = (message: string, code?: string) => ({ code: 'custom' as const, message, params: { code } });

export const str = () => z.string();
/** A non-empty string (Stripe rejects `name=` with parameter_invalid_empty). */
export const text = () =>
  z.string().transform((s, ctx) => {
    if (s === '') ctx.addIssue({ ...tagged('', 'parameter_invalid_empty'), input: s });
    return s;
  });
export const int = () =>
  z.string().transform((s, ctx) => {
    if (!/^-?\d+$/.test(s)) {
      ctx.addIssue({ ...tagged(`Invalid integer: ${s}`, 'parameter_invalid_integer'), input: s });
      return z.NEVER;
    }
    return Number(s);
  });
export const bool = () =>
  z.string().transform((s, ctx) => {
    if (s !== 'true' && s !== 'false') {
      ctx.addIssue({ ...tagged(`Invalid boolean: ${s}`), input: s });
      return z.NEVER;
    }
    return s === 'true';
  });
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values);

/** A value that may be sent as `''` to unset it (Stripe's `Emptyable<…>`), giving `null`. */
export const emptyable = <S extends z.ZodType>(schema: S) =>
  z.union([z.literal('').transform(() => null), schema]);

/** `metadata[key]=value`; `metadata[key]=` deletes a key, `metadata=` clears them all (null). */
export const metadata = () =>
  emptyable(
    z.record(z.string(), z.string()).superRefine((m, ctx) => {
      const keys = Object.keys(m);
      if (keys.length > 50) ctx.addIssue(tagged('Metadata can have up to 50 keys.'));
      for (const k of keys) {
        if (k.length > 40) ctx.addIssue({ ...tagged(`Metadata keys must be at most 40 characters (${k}).`), path: [k] });
        if (m[k]!.length > 500) ctx.addIssue({ ...tagged('Metadata values must be at most 500 characters.'), path: [k] });
      }
    }),
  );

/** A list: the SDK sends `a[0]=x&a[1]=y` (an object keyed by index here) or `a[]=x`. */
export const list = <S extends z.ZodType>(item: S) =>
  z.preprocess((v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.every((k) => /^\d+$/.test(k))) {
        return keys.sort((a, b) => Number(a) - Number(b)).map((k) => (v as Record<string, unknown>)[k]);
      }
    }
    return v;
  }, z.array(item));

/** `created[gte]=…` style filters, or an exact `created=…`. */
export const range = () =>
  z.union([
    int(),
    z.strictObject({ gt: int().optional(), gte: int().optional(), lt: int().optional(), lte: int().optional() }),
  ]);
export type Range = z.output<ReturnType<typeof range>>;
export function inRange(value: number, r: Range | undefined): boolean {
  if (r === undefined) return true;
  if (typeof r === 'number') return value === r;
  return (
    (r.gt === undefined || value > r.gt) &&
    (r.gte === undefined || value >= r.gte) &&
    (r.lt === undefined || value < r.lt) &&
    (r.lte === undefined || value <= r.lte)
  );
}

/** Pagination fields every list endpoint accepts. */
export const paging = {
  limit: int().optional(),
  starting_after: str().optional(),
  ending_before: str().optional(),
};

/** `line_items[0][price]` style names, as Stripe reports them in `param`. */
export function paramName(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return head === undefined ? '' : head + rest.map((s) => `[${s}]`).join('');
}

function orList(values: readonly unknown[]): string {
  const v = values.map(String);
  if (v.length < 3) return v.join(' or ');
  return `${v.slice(0, -1).join(', ')}, or ${v.at(-1)}`;
}

/** Stripe reports one problem at a time: unknown parameters first, then missing, then invalid. */
function toStripeError(issues: readonly z.core.$ZodIssue[]): FakeStripeError {
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown && unknown.code === 'unrecognized_keys') {
    const param = paramName([...unknown.path, unknown.keys[0]!]);
    return invalidRequest(`Received unknown parameter: ${param}`, param, 'parameter_unknown');
  }
  const missing = issues.find((i) => i.code === 'invalid_type' && i.input === undefined);
  if (missing) {
    const param = paramName(missing.path);
    return invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
  }
  const issue = issues[0]!;
  const param = paramName(issue.path);
  switch (issue.code) {
    case 'invalid_value':
      return invalidRequest(`Invalid ${param}: must be one of ${orList(issue.values)}`, param);
    case 'custom': {
      const code = (issue.params as { code?: string } | undefined)?.code;
      if (code === 'parameter_invalid_empty') {
        return invalidRequest(
          `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
          param,
          code,
        );
      }
      return invalidRequest(issue.message, param, code);
    }
    case 'invalid_type':
      return invalidRequest(issue.expected === 'object' || issue.expected === 'record' ? 'Invalid object' : `Invalid ${issue.expected}: ${param}`, param);
    case 'invalid_union': {
      // emptyable(x): report the inner schema's problem, not the '' alternative's.
      const inner = issue.errors.map((branch) => branch.filter((i) => !(i.code === 'invalid_value' && i.values.includes(''))));
      const best = inner.find((b) => b.length > 0);
      if (best) return toStripeError(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
      return invalidRequest(`Invalid value for ${param}.`, param);
    }
    default:
      return invalidRequest(`Invalid value for ${param}: ${issue.message}`, param);
  }
}

/** Validates request params against a strict schema, throwing Stripe's 400 on the first problem. */
export function parseParams<S extends z.ZodType>(schema: S, params: FormObject): z.output<S> {
  const r = schema.safeParse(params, { reportInput: true });
  if (!r.success) throw toStripeError(r.error.issues);
  return r.data;
}

/** `expand[]` is accepted by every endpoint, so the dispatcher strips it before the schema runs. */
export function takeExpand(params: FormObject): string[] {
  const raw: FormValue | undefined = params.expand;
  delete params.expand;
  if (raw === undefined) return [];
  return parseParams(z.strictObject({ expand: list(z.string()) }), { expand: raw }).expand;
}

export { z };
