/** The one error shape every API answer uses (4xx and 5xx alike). */
export interface ApiErrorBody {
  error: {
    /** Stable machine-readable code, e.g. `validation_failed`, `email_taken`. */
    code: string;
    /** A sentence a person can act on. */
    message: string;
    /** Per-field messages for validation failures. */
    fields?: Record<string, string[]>;
    /** Extra data to act on, e.g. the devices to choose from when over the device limit. */
    details?: Record<string, unknown>;
    /** Correlates the answer with the server's log lines. */
    requestId?: string;
  };
}
