import { signal, type ReadonlySignal } from '@preact/signals';
import type { TransportAck } from '../../shared/messages';
import type { EngineClient } from '../engine/client';
import { ACTION_LABELS, SEEK_STEP_SEC, type ShortcutAction } from '../shortcuts/actions';
import { createStageLockGate, isGuarded, realClock, type Clock } from '../shortcuts/stage-lock';
import { sendTransport, type CommandSource } from './send';

/** Everything a performer can ask of the transport, by button, key or pedal (the rest of the shortcuts switch views). */
export type TransportCommand = Exclude<ShortcutAction, 'show-stage'>;

/** `locked`: the stage lock held a button press back (a second press within the window runs it). */
export type CommandResult = { ok: true; ack: TransportAck | null; locked?: true } | { ok: false; error: string };

interface StageLockDeps {
  on: ReadonlySignal<boolean>;
  playing: ReadonlySignal<boolean>;
  /** Tells the performer a press was held back. */
  onLocked: (command: TransportCommand) => void;
  clock?: Clock;
}

interface TransportDeps {
  engine: Pick<EngineClient, 'send'>;
  position: ReadonlySignal<number>;
  duration: ReadonlySignal<number>;
  /** Section commands (markers and loops), when the player has them. */
  sections?: { addMarker: () => Promise<unknown>; toggleLoop: () => Promise<unknown> };
  /**
   * The stage lock, for the player's buttons. Keys and pedals reach `run` already judged by the
   * shortcuts model, which sees a key held; a click cannot be held, so it counts as a tap.
   */
  lock?: StageLockDeps;
}

/**
 * The player's one command path: the transport buttons, the setlist buttons and every key or
 * pedal run a command here. It turns the command into engine messages, keeps the engine's
 * acknowledgement, and turns any failure into one message for the player to show.
 */
export function createTransport({ engine, position, duration, sections, lock }: TransportDeps) {
  const lastAck = signal<(TransportAck & { source: CommandSource }) | null>(null);
  const error = signal<string | null>(null);
  const buttonGate = createStageLockGate(lock?.clock ?? realClock);

  /** True when the stage lock holds back this button press. */
  function heldBack(command: TransportCommand, source: CommandSource): boolean {
    if (source !== 'button' || !lock || !isGuarded(command, { locked: lock.on.value, playing: lock.playing.value })) return false;
    if (buttonGate.tap(command) === 'fired') return false;
    lock.onLocked(command);
    return true;
  }

  const seekTo = (seconds: number) => engine.send('engine.seek', { seconds: Math.min(Math.max(0, seconds), duration.value) });

  async function perform(command: TransportCommand): Promise<TransportAck | null> {
    switch (command) {
      case 'restart':
        await seekTo(0);
        return null;
      case 'seek-back':
        await seekTo(position.value - SEEK_STEP_SEC);
        return null;
      case 'seek-forward':
        await seekTo(position.value + SEEK_STEP_SEC);
        return null;
      case 'add-marker':
        await sections?.addMarker();
        return null;
      case 'loop':
        await sections?.toggleLoop();
        return null;
      default:
        return sendTransport(engine, command);
    }
  }

  async function run(command: TransportCommand, source: CommandSource): Promise<CommandResult> {
    if (heldBack(command, source)) return { ok: true, ack: null, locked: true };
    try {
      const ack = await perform(command);
      if (ack) lastAck.value = { ...ack, source };
      error.value = null;
      return { ok: true, ack };
    } catch (failure) {
      const message = `${ACTION_LABELS[command]} failed: ${failure instanceof Error ? failure.message : String(failure)}`;
      error.value = message;
      return { ok: false, error: message };
    }
  }

  return { run, lastAck, error };
}

export type TransportModel = ReturnType<typeof createTransport>;
