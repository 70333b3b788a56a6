import { isTransportAction } from '../../shared/messages';
import { db } from '../db/db';
import type { EngineClient } from '../engine/client';
import { createStageLockGate, isGuarded } from '../shortcuts/stage-lock';
import { loadSettings } from '../shortcuts/store';
import { sendTransport } from '../transport/send';
import { ensureOffscreen } from './offscreen';

interface CommandDeps {
  /** Creates or restores the engine; resolves once any restore under way has finished. */
  ensureEngine: () => Promise<void>;
  /** Whether the performer turned the stage lock on (read each time: the worker keeps no state). */
  readStageLock: () => Promise<boolean>;
}

const defaults: CommandDeps = {
  ensureEngine: ensureOffscreen,
  readStageLock: async () => (await loadSettings(db)).stageLock,
};

/**
 * The first half of a locked double press, kept for at most the gate's 500 ms. Chrome keeps the
 * worker running between two presses; had it restarted in between, the second press only arms.
 */
const gate = createStageLockGate();

/**
 * Global shortcuts (chrome.commands) are transport actions of the same name, sent like the player's.
 * They wait for a restore under way, so each acts once, on the restored state; the stage lock holds
 * back a single Stop, Next or Previous while a song plays (a command cannot be held: press it twice).
 */
export async function forwardCommand(engine: EngineClient, command: string, deps: CommandDeps = defaults): Promise<void> {
  if (!isTransportAction(command)) return;
  // The lock is read while the engine is made sure of, and the engine is asked whether it plays
  // only under the lock: an unlocked Next costs no extra round trip. Play/Pause is never guarded.
  const locked = isGuarded(command, { locked: true, playing: true }) ? deps.readStageLock() : Promise.resolve(false);
  locked.catch(() => {}); // awaited below, after the engine: not an unhandled rejection meanwhile
  await deps.ensureEngine();
  if (await heldBack(engine, command, await locked)) return;
  await sendTransport(engine, command);
}

async function heldBack(engine: EngineClient, command: string, locked: boolean): Promise<boolean> {
  if (!locked) return false;
  const status = await engine.send('engine.status');
  return isGuarded(command, { locked, playing: status.state === 'playing' }) && gate.tap(command) === 'armed';
}
