import { browser } from 'wxt/browser';
import type { Envelope, MessageArgs, MessageResult, MessageType, Reply, Target } from '../../shared/messages';
import { isNoReceiverFailure, NoReceiverError, RemoteError } from './errors';

/**
 * Sends a typed message to the context named by `target` and returns its handler's result.
 * A handler's error is re-thrown here with the original (rebuilt) error as `cause`;
 * a missing receiver becomes a NoReceiverError so callers can start the context and retry.
 */
export async function sendMessage<T extends Target, K extends MessageType<T>>(
  target: T,
  type: K,
  ...args: MessageArgs<T, K>
): Promise<MessageResult<T, K>> {
  const envelope = { target, type, data: args[0] } as Envelope<T, K>;
  let reply: Reply<MessageResult<T, K>> | undefined;
  try {
    reply = await browser.runtime.sendMessage(envelope);
  } catch (error) {
    if (isNoReceiverFailure(error)) throw new NoReceiverError(target, type, { cause: error });
    throw error;
  }
  // Every listener ignored the message (none of them is `target`).
  if (reply === undefined) throw new NoReceiverError(target, type);
  if (!reply.ok) {
    throw new Error(`${target} failed to handle ${type}: ${reply.error.message}`, {
      cause: new RemoteError(reply.error),
    });
  }
  return reply.value;
}
