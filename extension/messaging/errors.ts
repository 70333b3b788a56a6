import type { SerializedError } from '../../shared/messages';

/** An error rebuilt from another context; name, message and stack are the original's. */
export class RemoteError extends Error {
  constructor(serialized: SerializedError) {
    super(serialized.message, serialized.cause ? { cause: new RemoteError(serialized.cause) } : undefined);
    this.name = serialized.name;
    if (serialized.stack) this.stack = serialized.stack;
  }
}

/** No context answered: the target is not running (e.g. Chrome closed the offscreen document). */
export class NoReceiverError extends Error {
  override name = 'NoReceiverError';
  constructor(target: string, type: string, options?: ErrorOptions) {
    super(`No ${target} context answered ${type}`, options);
  }
}

/** Messages are JSON-serialised between contexts, which turns an Error into `{}`. */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const serialized: SerializedError = { name: error.name, message: error.message, stack: error.stack };
  // Bounded so a cyclic cause chain cannot hang the reply.
  if (error.cause !== undefined && depth < 5) serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}

/** Chrome's wording when no listener answered a runtime message. */
export function isNoReceiverFailure(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Receiving end does not exist|message port closed/i.test(message);
}

/** What a caught value says, for a message on screen (thrown non-Errors too). */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
