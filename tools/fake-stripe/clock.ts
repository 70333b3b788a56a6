/**
 * The fake's notion of "now": real time plus an offset that only moves forward, like a Stripe test
 * clock. Objects carry fake-clock timestamps (unix seconds); webhook signatures use real time,
 * because receivers check them against their own wall clock (5 minute tolerance).
 */
export class Clock {
  private offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  /** Unix seconds. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('The fake Stripe clock only moves forward.');
    this.offsetMs += seconds * 1000;
  }

  /** Jumps to a unix time (seconds) that is not in the past. */
  set(unixSeconds: number): void {
    if (!Number.isFinite(unixSeconds) || unixSeconds < this.now()) throw new RangeError('The fake Stripe clock only moves forward.');
    this.offsetMs = unixSeconds * 1000 - Date.now();
  }
}
