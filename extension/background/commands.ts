import { isTransportAction } from '../../shared/messages';
import type { EngineClient } from '../engine/client';
import { sendTransport } from '../transport/send';

/** Global shortcuts (chrome.commands) are transport actions of the same name, sent like the player's. */
export async function forwardCommand(engine: EngineClient, command: string): Promise<void> {
  if (!isTransportAction(command)) return;
  await sendTransport(engine, command);
}
