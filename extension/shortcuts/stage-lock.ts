import { ACTION_LABELS, LOCKABLE_ACTIONS, type ShortcutAction } from './actions';

/**
 * Stage lock: while a song plays, a guarded press only counts if the key is held for
 * `holdMs` or pressed again within `repeatMs`, so a stray pedal tap cannot end the song.
 * The one rule for every path (keys and pedals, the player's buttons, Chrome's global commands):
 * Stop, Next and Previous are guarded; Play/Pause, Panic, seeks, markers and loops act at once.
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
export type GateOutcome = 'fired' | 'armed';

/** Whether a press of `action` must pass the gate now. */
export function isGuarded(action: string, { locked, playing }: { locked: boolean; playing: boolean }): boolean {
  return locked && playing && LOCKABLE_ACTIONS.has(action as ShortcutAction);
}

/** What the performer is told about a press the lock held back. A button or a global command cannot be held. */
export function lockedMessage(action: ShortcutAction, canHold: boolean): string {
  return `Stage lock: ${canHold ? 'hold or press twice' : 'press twice'} for ${ACTION_LABELS[action]}`;
}

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

  /** A press that cannot be held (a click, a global command): only a second one within the window fires. */
  function tap(key: string): GateOutcome {
    const outcome = press(key, () => {});
    release(key);
    return outcome;
  }

  return { press, release, tap };
}
