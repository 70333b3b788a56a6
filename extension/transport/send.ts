import type { EngineAction, TransportAck } from '../../shared/messages';
import type { EngineClient } from '../engine/client';

/** Where a command came from: shown with its acknowledgement, and what stage lock judges. */
export type CommandSource = 'button' | 'key' | 'global';

/**
 * The one way a transport action reaches the engine, from the player's buttons and keys and from
 * Chrome's global commands alike. The engine's transport handler is the single entry that decides
 * what each action does to what is playing.
 */
export function sendTransport(engine: Pick<EngineClient, 'send'>, action: EngineAction): Promise<TransportAck> {
  return engine.send('engine.transport', { action });
}
