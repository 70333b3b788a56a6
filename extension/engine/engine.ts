import type { EngineState, EngineStatus, TransportAck, TransportAction } from '../../shared/messages';
import type { Handlers } from '../messaging/listen';

/**
 * The audio engine; it lives in the offscreen document and holds all playback state
 * (the background and the player hold none). For now it owns the AudioContext and
 * acknowledges transport commands; tracks, mixing and streaming decode grow from here.
 */
export class Engine {
  #context: AudioContext | null = null;
  #state: EngineState = 'idle';

  /** One method per message of the 'offscreen' channel. */
  readonly handlers: Handlers<'offscreen'> = {
    'engine.status': () => this.status(),
    'engine.prepare': () => this.prepare(),
    'engine.transport': ({ action }) => this.transport(action),
  };

  /** The factory is injectable so the engine can be tested without Web Audio. */
  constructor(private readonly createContext: () => AudioContext = () => new AudioContext()) {}

  status(): EngineStatus {
    const context = this.#context;
    return {
      ready: context?.state === 'running',
      sampleRate: context?.sampleRate ?? null,
      contextState: context?.state ?? 'none',
      state: this.#state,
    };
  }

  /** Creates (or re-creates, if closed) and resumes the AudioContext ahead of the first Play. */
  async prepare(): Promise<EngineStatus> {
    if (!this.#context || this.#context.state === 'closed') this.#context = this.createContext();
    if (this.#context.state !== 'running') await this.#context.resume();
    return this.status();
  }

  /** Nothing can be loaded yet, so every command is acknowledged and leaves the engine idle. */
  async transport(action: TransportAction): Promise<TransportAck> {
    await this.prepare();
    return { action, state: this.#state };
  }
}
