import type { EngineClient } from '../engine/client';

/**
 * The player's messages to the engine wait while the engine is being restored after its document
 * went away. Without this, a command reaching the new document before the restore finished would
 * act on an empty engine and then be overwritten (or doubled) by the restore; waiting, it acts
 * exactly once, on the restored state. The background's global commands wait the same way
 * (background/commands.ts).
 */
export function afterRestore(engine: EngineClient, restored: () => Promise<void>): EngineClient {
  return {
    async send(type, ...args) {
      await restored();
      return engine.send(type, ...args);
    },
  };
}
