/**
 * Stage lock: while a song plays, a guarded press only counts if the key is held for
 * `holdMs` or pressed again within `repeatMs`, so a stray pedal tap cannot end the song.
 */
interface StageLockTiming {
  holdMs: number;
  repeatMs: number;
}

const STAGE_LOCK_TIMING: StageLockTiming = { holdMs: 600, repeatMs: 500 };

export interface Clock {
  now(): number;
  /** Returns a cancel function. */
  after(ms: number, run: () => void): () => void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  after: (ms, run) => {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  },
};

/** What happened to a guarded press: it ran, or it waits for a hold or a second press. */
type GateOutcome = 'fired' | 'armed';

export function createStageLockGate(clock: Clock = realClock, timing: StageLockTiming = STAGE_LOCK_TIMING) {
  const lastTap = new Map<string, number>();
  const holds = new Map<string, () => void>();

  /** A first key-down (not an auto-repeat) of a guarded key while locked. */
  function press(key: string, fire: () => void): GateOutcome {
    const previous = lastTap.get(key);
    if (previous !== undefined && clock.now() - previous <= timing.repeatMs) {
      lastTap.delete(key);
      fire();
      return 'fired';
    }
    lastTap.set(key, clock.now());
    holds.get(key)?.();
    holds.set(
      key,
      clock.after(timing.holdMs, () => {
        holds.delete(key);
        lastTap.delete(key); // a hold is complete on its own, not the first of two presses
        fire();
      }),
    );
    return 'armed';
  }

  function release(key: string): void {
    holds.get(key)?.();
    holds.delete(key);
  }

  return { press, release };
}
