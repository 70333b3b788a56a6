export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSnapshot {
  state: BreakerState;
  consecutiveFailures: number;
  /** Calls refused without being sent while open. */
  shortCircuited: number;
  opened: number;
  /** When the circuit last opened (ms since the epoch), null if never. */
  lastOpenedAt: number | null;
}

/**
 * A circuit breaker: after `failureThreshold` failures in a row (timeouts, refused connections,
 * 5xx, 429) calls are refused at once for `openMs`; then one trial call is let through, and its
 * outcome closes or re-opens the circuit. Users then get our stored copy in microseconds instead
 * of waiting for a timeout on every request during a Stripe outage.
 */
export class CircuitBreaker {
  private state: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private counts = { shortCircuited: 0, opened: 0 };

  constructor(
    private readonly options: { failureThreshold: number; openMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** True when a call may be sent now (and, half-open, marks it as the trial). */
  allow(): boolean {
    if (this.state === 'open' && this.now() - this.openedAt >= this.options.openMs) this.state = 'half-open';
    if (this.state === 'closed') return true;
    if (this.state === 'half-open' && !this.trialInFlight) {
      this.trialInFlight = true;
      return true;
    }
    this.counts.shortCircuited++;
    return false;
  }

  success(): void {
    this.failures = 0;
    this.trialInFlight = false;
    this.state = 'closed';
  }

  failure(): void {
    this.failures++;
    this.trialInFlight = false;
    if (this.state === 'half-open' || (this.state === 'closed' && this.failures >= this.options.failureThreshold)) {
      this.state = 'open';
      this.openedAt = this.now();
      this.counts.opened++;
    }
  }

  snapshot(): BreakerSnapshot {
    if (this.state === 'open' && this.now() - this.openedAt >= this.options.openMs) this.state = 'half-open';
    return { state: this.state, consecutiveFailures: this.failures, ...this.counts, lastOpenedAt: this.counts.opened ? this.openedAt : null };
  }
}
