/**
 * Message contracts between the extension's contexts, one protocol per channel
 * (in the style of @webext-core/messaging's ProtocolMap: message type -> (data) => result).
 * A channel is named by the context that handles it, and every message carries that
 * `target`, because chrome.runtime.sendMessage reaches every extension page at once.
 * Plain types only: this file is compiled for the backend (no DOM) and the extension.
 */

/** Commands declared in the manifest; the transport actions use the same names. */
export const TRANSPORT_ACTIONS = ['play-pause', 'next', 'previous', 'stop'] as const;
export type TransportAction = (typeof TRANSPORT_ACTIONS)[number];

export function isTransportAction(value: unknown): value is TransportAction {
  return (TRANSPORT_ACTIONS as readonly unknown[]).includes(value);
}

/** Mirrors the DOM's AudioContextState; 'none' until the engine has created its context. */
export type AudioContextStateName = 'suspended' | 'running' | 'closed' | 'interrupted' | 'none';

/** What the engine is doing. Grows with the real engine (loading, playing, paused...). */
export type EngineState = 'idle';

export interface EngineStatus {
  /** True once the AudioContext exists and is running. */
  ready: boolean;
  /** Hz, or null before the AudioContext exists. */
  sampleRate: number | null;
  contextState: AudioContextStateName;
  state: EngineState;
}

export interface TransportAck {
  action: TransportAction;
  state: EngineState;
}

/** Channel 'offscreen': the audio engine in the offscreen document. */
export interface EngineProtocol {
  'engine.status': () => EngineStatus;
  /** Creates or resumes the AudioContext so the first Play starts without delay. */
  'engine.prepare': () => EngineStatus;
  'engine.transport': (data: { action: TransportAction }) => TransportAck;
}

/** Channel 'background': the service worker, which owns the offscreen document's lifecycle. */
export interface BackgroundProtocol {
  /** Creates the offscreen document if needed (or after Chrome closed it) and prepares audio. */
  'offscreen.ensure': () => EngineStatus;
}

/** Every channel, keyed by the context that handles it. */
export interface Channels {
  offscreen: EngineProtocol;
  background: BackgroundProtocol;
}

export type Target = keyof Channels;
export type MessageType<T extends Target> = keyof Channels[T] & string;

type Fn<T extends Target, K extends MessageType<T>> = Channels[T][K] extends (...args: infer A) => infer R
  ? { args: A; result: R }
  : never;
/** The data argument of a message, as a tuple so messages without data take none. */
export type MessageArgs<T extends Target, K extends MessageType<T>> = Fn<T, K>['args'];
export type MessageData<T extends Target, K extends MessageType<T>> = MessageArgs<T, K> extends [infer D] ? D : undefined;
export type MessageResult<T extends Target, K extends MessageType<T>> = Fn<T, K>['result'];

/** What travels over chrome.runtime.sendMessage. */
export interface Envelope<T extends Target = Target, K extends MessageType<T> = MessageType<T>> {
  target: T;
  type: K;
  data: MessageData<T, K>;
}

/** An Error flattened to plain data so it survives structured cloning between contexts. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
}

/** The handler's answer: a value, or the error it threw. */
export type Reply<R = unknown> = { ok: true; value: R } | { ok: false; error: SerializedError };
