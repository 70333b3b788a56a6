import type { MessageArgs, MessageResult, MessageType } from '../../shared/messages';
import { NoReceiverError } from '../messaging/errors';
import { sendMessage } from '../messaging/send';

export type EngineMessageType = MessageType<'offscreen'>;

export interface EngineClient {
  send<K extends EngineMessageType>(type: K, ...args: MessageArgs<'offscreen', K>): Promise<MessageResult<'offscreen', K>>;
}

/**
 * Talks to the engine from any other context. The first attempt goes straight to the
 * offscreen document; only if nothing answers (not created yet, or closed by Chrome after
 * a silent pause) does it call `ensureEngine` to (re)create the document, then retry once.
 */
export function createEngineClient(ensureEngine: () => Promise<unknown>): EngineClient {
  return {
    async send(type, ...args) {
      try {
        return await sendMessage('offscreen', type, ...args);
      } catch (error) {
        if (!(error instanceof NoReceiverError)) throw error;
        await ensureEngine();
        return sendMessage('offscreen', type, ...args);
      }
    },
  };
}
