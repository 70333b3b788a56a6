import type {
  CommandTiming,
  EngineAction,
  EngineSnapshot,
  EngineState,
  EngineStatus,
  MeterFrame,
  MixView,
  TrackMixView,
  TransportAck,
} from '../../shared/messages';
import type { Handlers } from '../messaging/listen';
import type { EngineLibrary } from './library';
import { SILENCE_DB } from './meters';
import { applyPatch, defaultMix, MAX_GAIN_DB, MIN_GAIN_DB } from './mix';
import { neighbours, resumePosition } from './snapshot';
import { LoadedSong } from './song';

export interface EngineDeps {
  /** Injectable so the engine can be tested without Web Audio. */
  createContext?: () => AudioContext;
  library?: EngineLibrary;
  /** Called on every change of song, queue or transport (the background keeps it). */
  saveSnapshot?: (snapshot: EngineSnapshot) => void;
}


const MIX_SAVE_DELAY_MS = 300;
const preciseNow = () => performance.timeOrigin + performance.now();

/**
 * The audio engine; it lives in the offscreen document and holds all playback state
 * (the background and the player hold none). One current song plays through its mixer;
 * its neighbours in the play order are prepared (first seconds decoded) for instant switching.
 */
export class Engine {
  #context: AudioContext | null = null;
  #state: EngineState = 'idle';
  #current: LoadedSong | null = null;
  #prepared = new Map<string, Promise<LoadedSong>>();
  #queue: string[] = [];
  #error: string | null = null;
  #playWhenLoaded = false;
  /** Song changes run one after another; transport commands do not wait for them. */
  #songOps: Promise<unknown> = Promise.resolve();
  #listeners = new Set<(status: EngineStatus) => void>();
  #mixSaveTimer: ReturnType<typeof setTimeout> | undefined;
  lastTiming: CommandTiming | null = null;
  /** When the last Play had called start() on every stem (before telling anyone). */
  #lastStart = 0;

  /** One method per message of the 'offscreen' channel. */
  readonly handlers: Handlers<'offscreen'> = {
    'engine.status': () => this.status(),
    'engine.prepare': () => this.prepare(),
    'engine.load': ({ songId, queue, play }) => this.load(songId, queue, play),
    'engine.transport': ({ action }) => this.transport(action),
    'engine.seek': ({ seconds }) => this.seek(seconds),
    'engine.mix': ({ track, patch }) => this.setMix(track, patch),
    'engine.resetMix': () => this.resetMix(),
    'engine.meters': () => this.meters(),
    'engine.restore': (snapshot) => this.restore(snapshot),
  };

  private readonly createContext: () => AudioContext;
  private readonly library: EngineLibrary | undefined;
  private readonly saveSnapshot: (snapshot: EngineSnapshot) => void;

  constructor(deps: EngineDeps = {}) {
    this.createContext = deps.createContext ?? (() => new AudioContext({ latencyHint: 'interactive' }));
    this.library = deps.library;
    this.saveSnapshot = deps.saveSnapshot ?? (() => {});
  }

  status(): EngineStatus {
    const context = this.#context;
    const song = this.#current;
    const frames = song?.scheduler?.positionFrames ?? 0;
    return {
      ready: context?.state === 'running',
      sampleRate: context?.sampleRate ?? null,
      contextState: context?.state ?? 'none',
      state: this.#state,
      song: song?.view ?? null,
      positionSec: context ? frames / context.sampleRate : 0,
      sampledAt: Date.now(),
      queue: { index: song ? this.#queue.indexOf(song.view.id) : -1, length: this.#queue.length },
      prepared: [...this.#prepared.keys()],
      mix: song?.mix ?? null,
      error: this.#error,
      lastCommand: this.lastTiming,
    };
  }

  /** Status on every change (the player's events port). */
  subscribe(listener: (status: EngineStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get isPlaying(): boolean {
    return this.#state === 'playing';
  }

  /** Creates (or re-creates, if closed) and resumes the AudioContext ahead of the first Play. */
  async prepare(): Promise<EngineStatus> {
    const context = this.#ensureContext();
    if (context.state !== 'running') await context.resume();
    return this.status();
  }

  async load(songId: string, queue?: string[], play = false): Promise<EngineStatus> {
    await this.prepare();
    const order = queue ?? (await this.#library().songOrder());
    this.#queue = order.includes(songId) ? [...order] : [songId];
    if (this.#current?.view.id === songId) {
      void this.#prepareNeighbours();
      if (play && !this.isPlaying) this.#play();
      this.#changed();
      return this.status();
    }
    await this.#switchTo(songId, play);
    return this.status();
  }

  async transport(action: EngineAction): Promise<TransportAck> {
    const timing: CommandTiming = { action, receivedAt: preciseNow(), startedAt: null };
    const context = this.#ensureContext();
    if (context.state !== 'running') await context.resume();
    const playing = this.isPlaying;
    switch (action) {
      case 'play-pause':
        if (playing) this.#pause();
        else this.#play();
        break;
      case 'play':
        if (!playing) this.#play();
        break;
      case 'pause':
        if (playing) this.#pause();
        break;
      case 'panic':
        this.#panic();
        break;
      case 'stop':
        this.#stop();
        break;
      case 'next':
      case 'previous': {
        const target = this.#queue[this.#queue.indexOf(this.#current?.view.id ?? '') + (action === 'next' ? 1 : -1)];
        if (target) await this.#switchTo(target, playing);
        break;
      }
    }
    if (this.#lastStart >= timing.receivedAt) timing.startedAt = this.#lastStart;
    this.lastTiming = timing;
    return { action, state: this.#state };
  }

  async seek(seconds: number): Promise<EngineStatus> {
    const song = this.#current;
    const scheduler = song?.scheduler;
    if (!song || !scheduler || !this.#context) throw new Error('No song is loaded');
    const clamped = Math.min(Math.max(0, Number(seconds) || 0), song.view.durationSec);
    await scheduler.seek(clamped * this.#context.sampleRate);
    this.#changed();
    return this.status();
  }

  setMix(track: string | null, patch: Partial<TrackMixView>): MixView {
    const song = this.#current;
    if (!song) throw new Error('No song is loaded');
    const mix = song.mix;
    if (track === null) {
      const gainDb = Number(patch.gainDb ?? mix.masterGainDb) || 0;
      song.mix = { ...mix, masterGainDb: Math.min(MAX_GAIN_DB, Math.max(MIN_GAIN_DB, gainDb)) };
    } else {
      const current = mix.tracks[track];
      if (!current) throw new Error(`Track ${track} is not in the current song`);
      song.mix = { ...mix, tracks: { ...mix.tracks, [track]: applyPatch(current, patch) } };
    }
    return this.#mixChanged(song);
  }

  resetMix(): MixView {
    const song = this.#current;
    if (!song) throw new Error('No song is loaded');
    song.mix = defaultMix(song.view.tracks.map((t) => t.id));
    return this.#mixChanged(song);
  }

  meters(): MeterFrame {
    const graph = this.#current?.graph;
    if (graph) return graph.meters();
    const silent = { peakDb: SILENCE_DB, rmsDb: SILENCE_DB };
    return { master: silent, tracks: {} };
  }

  /** After the background re-created the document: the same song, position and play state. */
  async restore(snapshot: EngineSnapshot): Promise<EngineStatus> {
    if (!snapshot.songId) return this.prepare();
    await this.load(snapshot.songId, snapshot.queue);
    const position = resumePosition(snapshot);
    if (position > 0) await this.seek(position);
    if (snapshot.playing) this.#play();
    this.#changed();
    return this.status();
  }

  snapshot(): EngineSnapshot {
    const status = this.status();
    return {
      songId: status.song?.id ?? null,
      queue: this.#queue,
      positionSec: status.positionSec,
      playing: this.isPlaying,
      at: status.sampledAt,
    };
  }

  #library(): EngineLibrary {
    if (!this.library) throw new Error('The engine has no library');
    return this.library;
  }

  #ensureContext(): AudioContext {
    if (!this.#context || this.#context.state === 'closed') this.#context = this.createContext();
    return this.#context;
  }

  #play(): void {
    const song = this.#current;
    const scheduler = song?.scheduler;
    if (!song || !scheduler) {
      this.#playWhenLoaded = this.#state === 'loading';
      return;
    }
    song.graph?.apply(song.mix); // undoes a panic's silenced master
    scheduler.play();
    this.#lastStart = preciseNow();
    this.#state = 'playing';
    this.#changed();
  }

  #pause(): void {
    this.#current?.scheduler?.pause();
    if (this.#current) this.#state = 'paused';
    this.#changed();
  }

  /** Everything silent at once: master to 0 this render quantum, sources stopped; resumable. */
  #panic(): void {
    this.#playWhenLoaded = false;
    this.#current?.graph?.silence();
    this.#pause();
  }

  #stop(): void {
    const scheduler = this.#current?.scheduler;
    if (!scheduler) return;
    this.#state = 'stopped';
    scheduler.halt();
    this.#changed();
    scheduler.seek(0).then(
      () => this.#changed(),
      (error: unknown) => this.#fail(error),
    );
  }

  #ended(): void {
    this.#state = 'stopped';
    const next = this.#queue[this.#queue.indexOf(this.#current?.view.id ?? '') + 1];
    if (next) void this.#switchTo(next, false).catch((error: unknown) => this.#fail(error));
    else void this.#current?.scheduler?.seek(0).then(() => this.#changed());
    this.#changed();
  }

  /** Makes `songId` current; instant when it was prepared. Keeps playing if asked to. */
  #switchTo(songId: string, play: boolean): Promise<void> {
    const run = async () => {
      const context = this.#ensureContext();
      const prepared = this.#prepared.get(songId);
      if (!prepared) {
        this.#current?.scheduler?.halt();
        this.#state = 'loading';
        this.#changed();
      }
      let song: LoadedSong;
      try {
        song = await (prepared ?? LoadedSong.open(this.#library(), songId, context.sampleRate));
      } catch (error) {
        this.#prepared.delete(songId);
        this.#fail(error);
        throw error;
      }
      this.#prepared.delete(songId);
      const old = this.#current;
      if (old && old !== song) {
        old.park();
        this.#prepared.set(old.view.id, Promise.resolve(old));
      }
      this.#current = song;
      this.#error = null;
      song.activate(context, () => this.#ended());
      this.#state = 'stopped';
      if (play || this.#playWhenLoaded) {
        this.#playWhenLoaded = false;
        if (!song.ready) await song.whenReady();
        this.#play();
      }
      this.#changed();
      void this.#prepareNeighbours();
    };
    const op = this.#songOps.then(run, run);
    this.#songOps = op.catch(() => {});
    return op;
  }

  /** Keeps exactly the current song's neighbours prepared; the rest are closed. */
  async #prepareNeighbours(): Promise<void> {
    const current = this.#current;
    const context = this.#context;
    if (!current || !context) return;
    const wanted = neighbours(this.#queue, current.view.id);
    for (const [id, song] of this.#prepared) {
      if (wanted.includes(id)) continue;
      this.#prepared.delete(id);
      song.then((s) => s.dispose(), () => {});
    }
    for (const id of wanted) {
      if (this.#prepared.has(id)) continue;
      const song = LoadedSong.open(this.#library(), id, context.sampleRate);
      this.#prepared.set(id, song);
      song.then(
        (s) => s.whenReady().then(() => this.#changed()),
        () => this.#prepared.delete(id),
      );
    }
  }

  #mixChanged(song: LoadedSong): MixView {
    song.graph?.apply(song.mix);
    clearTimeout(this.#mixSaveTimer);
    const { id } = song.view;
    const mix = song.mix;
    // A fader drag sends many messages; the stored mix only needs the last.
    this.#mixSaveTimer = setTimeout(() => {
      this.#library().saveMix(id, mix).catch((error: unknown) => this.#fail(error));
    }, MIX_SAVE_DELAY_MS);
    this.#changed();
    return mix;
  }

  #fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    this.#error = message + cause;
    if (!this.#current) this.#state = 'idle';
    this.#changed();
  }

  #changed(): void {
    const status = this.status();
    for (const listener of this.#listeners) listener(status);
    this.saveSnapshot(this.snapshot());
  }
}
