import { isTransportAction } from '../../shared/messages';
import type { EngineClient } from '../engine/client';

/** Keyboard shortcuts (chrome.commands) are transport actions of the same name. */
export async function forwardCommand(engine: EngineClient, command: string): Promise<void> {
  if (!isTransportAction(command)) return;
  await engine.send('engine.transport', { action: command });
}
