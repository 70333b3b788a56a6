import { browser, type Browser } from 'wxt/browser';
import type { Envelope, MessageData, MessageResult, MessageType, Reply, Target } from '../../shared/messages';
import { serializeError } from './errors';

/** One handler per message type of a channel; the compiler checks the set is complete. */
export type Handlers<T extends Target> = {
  [K in MessageType<T>]: (
    data: MessageData<T, K>,
    sender: Browser.runtime.MessageSender,
  ) => MessageResult<T, K> | Promise<MessageResult<T, K>>;
};

function isEnvelopeFor<T extends Target>(target: T, message: unknown): message is Envelope<T> {
  return typeof message === 'object' && message !== null && (message as Envelope).target === target;
}

/**
 * Answers the messages addressed to `target` and leaves every other message alone
 * (returning false lets the context it is addressed to answer it). Returns an unsubscribe.
 */
export function listen<T extends Target>(target: T, handlers: Handlers<T>): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (reply: Reply) => void) => {
    if (!isEnvelopeFor(target, message)) return false;
    const { type, data } = message;
    const handler = Object.hasOwn(handlers, type) ? handlers[type] : undefined;
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`Unknown ${target} message: ${String(type)}`);
        return handler(data, sender);
      })
      .then(
        (value) => sendResponse({ ok: true, value }),
        (error: unknown) => sendResponse({ ok: false, error: serializeError(error) }),
      );
    return true; // the reply is sent asynchronously
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
