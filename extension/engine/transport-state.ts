import type { EngineAction, EngineState } from '../../shared/messages';

/** What the engine does for a command. */
export type TransportStep = 'start' | 'pause' | 'stop' | 'panic' | 'next' | 'previous' | 'none';

/**
 * The transport as one explicit state machine; every command (buttons, keys, pedals,
 * chrome.commands, a restore) goes through `decide`. `state` is what the performer sees;
 * `starting` is a Play accepted but not sounding yet (the song still loading, or its stems
 * decoding their first audio after a seek, Stop or Home). Pause, Stop and Panic `hold`: they
 * clear `starting`, so a start still pending is void and these three always win.
 */
export class TransportMachine {
  state: EngineState = 'idle';
  #starting = false;

  get starting(): boolean {
    return this.#starting;
  }

  /** Playing or about to: what a play/pause toggle toggles. */
  get rolling(): boolean {
    return this.state === 'playing' || this.#starting;
  }

  decide(action: EngineAction): TransportStep {
    switch (action) {
      case 'play-pause':
        return this.rolling ? 'pause' : 'start';
      case 'play':
        return this.rolling ? 'none' : 'start';
      case 'pause':
      case 'stop':
      case 'panic':
      case 'next':
      case 'previous':
        return action;
    }
  }

  /** A Play was accepted: the song starts as soon as it can, unless a hold comes first. */
  requestStart(): void {
    this.#starting = true;
  }

  /** Pause, Stop or Panic: nothing pending may start. */
  hold(): void {
    this.#starting = false;
  }

  /** The stems were started (on the clock; a count-in may still precede them). */
  started(): void {
    this.#starting = false;
    this.state = 'playing';
  }
}
