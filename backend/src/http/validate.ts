import type { z } from 'zod';
import { validationFailed } from './errors.ts';

/** Parses untrusted input with a shared schema; every problem becomes a field message. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fields: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? 'body' : '_';
    const message =
      issue.code === 'unrecognized_keys'
        ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`
        : issue.code === 'invalid_type' && issue.path.length === 0
          ? 'The request body must be a JSON object.'
          : issue.message;
    (fields[key] ??= []).push(message);
  }
  throw validationFailed(fields);
}
