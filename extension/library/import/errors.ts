/** One file that cannot be imported, and why, in words a musician understands. */
export interface FileProblem {
  fileName: string;
  reason: string;
}

/** Thrown by a probe when a file is not playable audio; `reason` completes "<file> …". */
export class InvalidAudioError extends Error {
  override name = 'InvalidAudioError';
  constructor(readonly reason: string, options?: ErrorOptions) {
    super(reason, options);
  }
}

/** The import was refused as a whole; nothing was written. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(message: string, readonly problems: readonly FileProblem[] = [], options?: ErrorOptions) {
    super(message, options);
  }
}

export function problemsMessage(problems: readonly FileProblem[]): string {
  const lines = problems.map((p) => `“${p.fileName}” ${p.reason}.`);
  return `Nothing was imported. ${lines.join(' ')}`;
}

/** Dexie wraps the browser's DOMException (as `inner`, or an AbortError's cause). */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as { name?: unknown; inner?: unknown; cause?: unknown };
  return e.name === 'QuotaExceededError' || isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1);
}

export const QUOTA_MESSAGE =
  'Nothing was imported: the device is out of storage space for the library. Free some disk space or delete songs you no longer need, then import again.';
