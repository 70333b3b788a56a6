import { z } from 'zod';

/**
 * Text and dates from outside, refused before they reach the database or a log: NUL and other
 * control characters (C0, DEL, C1), lone UTF-16 surrogates (not valid Unicode; PostgreSQL and
 * JSON encoders reject or mangle them), and dates outside the years this product can have seen.
 */

/**
 * C0 controls, DEL, C1 controls, the bidirectional overrides and isolates (text that displays in
 * another order than it reads) and the byte-order mark; tab and line breaks too unless the field
 * is multi-line. Joiners stay allowed: emoji sequences need them.
 */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/;
/** With the u flag a paired surrogate is one code point, so only a lone half matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The problem with a string's characters, or null when every character is acceptable. */
export function textProblem(value: string, label: string, opts: { multiline?: boolean } = {}): string | null {
  if ((opts.multiline ? CONTROL_EXCEPT_LINES : CONTROL).test(value)) return `${label} may not contain control characters.`;
  if (LONE_SURROGATE.test(value)) return `${label} contains an invalid character (a broken emoji or symbol).`;
  return null;
}

/** Trimmed text of a bounded length, free of control characters and broken Unicode. */
export function safeText(label: string, opts: { min?: number; max: number; multiline?: boolean }) {
  const min = opts.min ?? 0;
  return z
    .string({ error: (issue) => (issue.input === undefined || issue.input === null ? `${label} is required.` : `${label} must be text.`) })
    .trim()
    .min(min, min <= 1 ? `${label} is required.` : `${label} must have at least ${min} characters.`)
    .max(opts.max, `${label} must have at most ${opts.max} characters.`)
    .superRefine((value, ctx) => {
      const problem = textProblem(value, label, opts);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** The earliest date the product accepts from a client (no play, no sign-in happened before it). */
export const EARLIEST_DATE = Date.UTC(2000, 0, 1);
/** How far a client's clock may run ahead of the server's. */
export const CLOCK_SKEW_MS = 24 * 3_600_000;

/** An ISO date-time in the past (clock skew allowed), not before 2000. */
export function pastDateTime(label: string) {
  return z.iso
    .datetime({ offset: true, error: `${label} must be an ISO date-time like 2026-05-01T20:30:00Z.` })
    .refine((v) => {
      const t = Date.parse(v);
      // A malformed value already has its message from the format check.
      return !Number.isFinite(t) || (t >= EARLIEST_DATE && t <= Date.now() + CLOCK_SKEW_MS);
    }, `${label} must be a date between 2000 and now.`);
}
