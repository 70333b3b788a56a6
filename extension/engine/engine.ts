import type {
  CommandTiming,
  EngineAction,
  EngineSnapshot,
  EngineState,
  EngineStatus,
  MeterFrame,
  MixView,
  SetlistEnd,
  TimelineEvent,
  TrackMixView,
  TransportAck,
} from '../../shared/messages';
import { countIn, nextBarFrame, validBpm } from './bar-grid';
import { ClickTrack } from './click';
import type { Handlers } from '../messaging/listen';
import type { EngineLibrary } from './library';
import { SILENCE_DB } from './meters';
import { applyPatch, defaultMix, MAX_GAIN_DB, MIN_GAIN_DB } from './mix';
import { neighbours, resumePosition } from './snapshot';
import type { SchedulerHooks } from './scheduler';
import { LoadedSong } from './song';

export interface EngineDeps {
  /** Injectable so the engine can be tested without Web Audio. */
  createContext?: () => AudioContext;
  library?: EngineLibrary;
  /** Called on every change of song, queue or transport (the background keeps it). */
  saveSnapshot?: (snapshot: EngineSnapshot) => void;
}


const MIX_SAVE_DELAY_MS = 300;
/** A jump or loop exit pressed closer than this to a bar line lands on the following one (time to decode). */
const BAR_LEAD_SEC = 0.35;
/** The outgoing song of a segue is parked this long after its end (timers are not sample-exact). */
const SEGUE_PARK_MS = 150;
const TIMELINE_LENGTH = 200;
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
  /** Setlist end behaviours by song id (empty when playing from the library: stop). */
  #ends = new Map<string, SetlistEnd>();
  #timeline: TimelineEvent[] = [];
  #click: ClickTrack | null = null;
  /** When the current song's last frame ends (known ~2 s ahead), for a segue. */
  #endAt: { songId: string; at: number } | null = null;
  /** The next song, already started on the clock at the current one's end. */
  #segue: { song: LoadedSong; timer: ReturnType<typeof setTimeout> } | null = null;

  /** One method per message of the 'offscreen' channel. */
  readonly handlers: Handlers<'offscreen'> = {
    'engine.status': () => this.status(),
    'engine.prepare': () => this.prepare(),
    'engine.load': ({ songId, queue, play }) => {
      this.#ends.clear();
      return this.load(songId, queue, play);
    },
    'engine.transport': ({ action }) => this.transport(action),
    'engine.seek': ({ seconds }) => this.seek(seconds),
    'engine.mix': ({ track, patch }) => this.setMix(track, patch),
    'engine.resetMix': () => this.resetMix(),
    'engine.meters': () => this.meters(),
    'engine.restore': (snapshot) => this.restore(snapshot),
    'engine.setlist': ({ entries, songId, play }) => this.setlist(entries, songId, play),
    'engine.jump': ({ seconds, when }) => this.jump(seconds, when),
    'engine.loop': (data) => this.loop(data),
    'engine.countIn': ({ songId, countInBars, countInGainDb }) => this.setCountIn(songId, { countInBars, countInGainDb }),
    'engine.timeline': () => ({ sampleRate: this.#context?.sampleRate ?? null, events: [...this.#timeline] }),
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
      loop: song?.scheduler?.loop && context ? { startSec: song.scheduler.loop.start / context.sampleRate, endSec: song.scheduler.loop.end / context.sampleRate } : null,
      ends: Object.fromEntries(this.#ends),
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
    this.#cancelSegue();
    this.#click?.cancel();
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
    this.#ends = new Map(Object.entries(snapshot.ends ?? {}));
    await this.load(snapshot.songId, snapshot.queue);
    const position = resumePosition(snapshot);
    if (position > 0) await this.seek(position);
    if (snapshot.playing) this.#play();
    this.#changed();
    return this.status();
  }

  /** A setlist's order and end behaviours; without `songId` a live reorder that interrupts nothing. */
  async setlist(entries: { songId: string; end: SetlistEnd }[], songId?: string, play = false): Promise<EngineStatus> {
    this.#ends = new Map(entries.map((e) => [e.songId, e.end]));
    const order = entries.map((e) => e.songId);
    if (songId) return this.load(songId, order, play);
    const currentId = this.#current?.view.id;
    this.#queue = currentId && !order.includes(currentId) ? [currentId, ...order] : order;
    // A segue armed for a song that is no longer next is taken back; the new next one is armed.
    const next = currentId ? this.#queue[this.#queue.indexOf(currentId) + 1] : undefined;
    if (this.#segue && this.#segue.song.view.id !== next) this.#cancelSegue();
    await this.#prepareNeighbours();
    void this.#armSegue();
    this.#changed();
    return this.status();
  }

  /** To `seconds` now (a seek), or on the next bar line, sample-exact on the stems' grid. */
  async jump(seconds: number, when: 'now' | 'bar'): Promise<EngineStatus> {
    const song = this.#current;
    const scheduler = song?.scheduler;
    const context = this.#context;
    if (!song || !scheduler || !context) throw new Error('No song is loaded');
    const bpm = validBpm(song.view.bpm);
    if (when === 'now' || !bpm || !scheduler.isPlaying) return this.seek(seconds);
    const sr = context.sampleRate;
    const to = Math.min(Math.max(0, Number(seconds) || 0), song.view.durationSec) * sr;
    this.#cancelSegue();
    scheduler.jumpAt(nextBarFrame(scheduler.positionFrames, bpm, song.view.timeSignature, sr, BAR_LEAD_SEC * sr), to);
    this.#changed();
    return this.status();
  }

  /**
   * Vamps [startSec, endSec) on the stems' grid. Outside the section, play enters it on the next
   * bar line. `null` releases: on the next bar line play leaves for the section's end (the next
   * section); if that bar line is at or past the end, the pass simply plays through its end.
   */
  loop(range: { startSec: number; endSec: number } | null): EngineStatus {
    const song = this.#current;
    const scheduler = song?.scheduler;
    const context = this.#context;
    if (!song || !scheduler || !context) throw new Error('No song is loaded');
    const sr = context.sampleRate;
    const bpm = validBpm(song.view.bpm);
    const position = scheduler.positionFrames;
    const nextBar = () => (bpm ? nextBarFrame(position, bpm, song.view.timeSignature, sr, BAR_LEAD_SEC * sr) : position + BAR_LEAD_SEC * sr);
    if (!range) {
      scheduler.releaseLoop(bpm ? nextBar() : Infinity);
    } else {
      const start = Math.round(Math.max(0, range.startSec) * sr);
      const end = Math.round(Math.min(range.endSec, song.view.durationSec) * sr);
      if (end - start < sr / 4) throw new Error('A loop needs at least a quarter of a second');
      this.#cancelSegue();
      scheduler.setLoop(start, end);
      if (scheduler.isPlaying && (position < start || position >= end)) scheduler.jumpAt(nextBar(), start);
    }
    this.#changed();
    return this.status();
  }

  setCountIn(songId: string, settings: { countInBars: number; countInGainDb: number }): EngineStatus {
    const clean = { countInBars: Math.max(0, Math.min(8, Math.round(settings.countInBars) || 0)), countInGainDb: Math.max(MIN_GAIN_DB, Math.min(MAX_GAIN_DB, Number(settings.countInGainDb) || 0)) };
    if (this.#current?.view.id === songId) {
      this.#current.show = clean;
      this.#click?.setGainDb(clean.countInGainDb);
    }
    void this.#prepared.get(songId)?.then((s) => (s.show = clean), () => {});
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
      ends: Object.fromEntries(this.#ends),
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
    scheduler.play(this.#countIn(song, scheduler.positionFrames));
    this.#record({ kind: 'start', songId: song.view.id, at: scheduler.timeOf(scheduler.positionFrames) });
    this.#lastStart = preciseNow();
    this.#state = 'playing';
    this.#changed();
  }

  #pause(): void {
    this.#cancelSegue();
    this.#click?.cancel();
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
    this.#cancelSegue();
    this.#click?.cancel();
    scheduler.halt();
    this.#changed();
    scheduler.seek(0).then(
      () => this.#changed(),
      (error: unknown) => this.#fail(error),
    );
  }

  #ended(song: LoadedSong): void {
    // A segued song took over (or another song is current): this end changes nothing.
    if (song !== this.#current || this.#segue) return;
    this.#state = 'stopped';
    const next = this.#queue[this.#queue.indexOf(song.view.id) + 1];
    // A segue that could not be armed in time (next not decoded) still moves straight on.
    const moveOn = this.#ends.get(song.view.id) ?? 'stop';
    if (next) void this.#switchTo(next, moveOn !== 'stop').catch((error: unknown) => this.#fail(error));
    else void this.#current?.scheduler?.seek(0).then(() => this.#changed());
    this.#changed();
  }

  /** Makes `songId` current; instant when it was prepared. Keeps playing if asked to. */
  #switchTo(songId: string, play: boolean): Promise<void> {
    const run = async () => {
      const context = this.#ensureContext();
      this.#cancelSegue();
      this.#click?.cancel();
      this.#endAt = null;
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
      song.activate(context, () => this.#ended(song), this.#hooksFor(song));
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

  /** Count-in clicks before frame 0 of `song`; returns the context time its stems start, or undefined. */
  #countIn(song: LoadedSong, fromFrame: number): number | undefined {
    const bpm = validBpm(song.view.bpm);
    const context = this.#context;
    if (!context || fromFrame !== 0 || !bpm || song.show.countInBars <= 0) return undefined;
    const sr = context.sampleRate;
    const plan = countIn(song.show.countInBars, bpm, song.view.timeSignature, sr);
    // The first click on a whole frame a little ahead, like the stems' own start.
    const t0 = Math.ceil((context.currentTime + 0.03) * sr) / sr;
    this.#click?.dispose();
    const click = new ClickTrack(context, song.show.countInGainDb);
    this.#click = click;
    for (const { frame, accent } of plan.clicks) {
      click.click(t0 + frame / sr, accent);
      this.#record({ kind: 'click', songId: song.view.id, at: t0 + frame / sr, accent });
    }
    return t0 + plan.lengthFrames / sr;
  }

  #hooksFor(song: LoadedSong): SchedulerHooks {
    return {
      onEndKnown: (at) => {
        this.#record({ kind: 'end', songId: song.view.id, at });
        if (song !== this.#current) return;
        this.#endAt = { songId: song.view.id, at };
        void this.#armSegue();
      },
      onJump: (at, fromFrame, toFrame) => this.#record({ kind: 'jump', songId: song.view.id, at, fromFrame, toFrame }),
    };
  }

  /**
   * Segue: the next song's stems are started now on the context clock at the exact time the
   * current song's last frame ends, so there is neither a gap nor an overlap.
   */
  async #armSegue(): Promise<void> {
    const current = this.#current;
    const end = this.#endAt;
    const context = this.#context;
    if (!current || !context || this.#segue || !this.isPlaying || end?.songId !== current.view.id) return;
    if (this.#ends.get(current.view.id) !== 'segue') return;
    const nextId = this.#queue[this.#queue.indexOf(current.view.id) + 1];
    const prepared = nextId ? this.#prepared.get(nextId) : undefined;
    const song = await prepared?.catch(() => null);
    if (!song) return;
    if (!song.ready) await song.whenReady();
    if (this.#current !== current || this.#segue || !this.isPlaying || this.#endAt !== end) return;
    const scheduler = song.activate(context, () => this.#ended(song), this.#hooksFor(song));
    scheduler.play(end.at);
    this.#record({ kind: 'segue', songId: song.view.id, at: scheduler.timeOf(0) });
    const delay = Math.max(0, (end.at - context.currentTime) * 1000) + SEGUE_PARK_MS;
    this.#segue = { song, timer: setTimeout(() => this.#completeSegue(), delay) };
  }

  /** After the boundary: the segued song becomes current and the old one is parked (prepared). */
  #completeSegue(): void {
    const segue = this.#segue;
    if (!segue) return;
    this.#segue = null;
    const old = this.#current;
    this.#prepared.delete(segue.song.view.id);
    if (old) {
      old.park();
      this.#prepared.set(old.view.id, Promise.resolve(old));
    }
    this.#current = segue.song;
    this.#endAt = null;
    this.#state = 'playing';
    this.#changed();
    void this.#prepareNeighbours();
  }

  #cancelSegue(): void {
    const segue = this.#segue;
    if (!segue) return;
    this.#segue = null;
    clearTimeout(segue.timer);
    segue.song.park();
  }

  #record(event: TimelineEvent): void {
    this.#timeline.push(event);
    if (this.#timeline.length > TIMELINE_LENGTH) this.#timeline.splice(0, this.#timeline.length - TIMELINE_LENGTH);
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
