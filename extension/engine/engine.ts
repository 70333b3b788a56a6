import type {
  CommandTiming,
  Dropout,
  EngineAction,
  EngineSnapshot,
  EngineState,
  EngineStatus,
  MeterFrame,
  MixView,
  SetlistEnd,
  TrackMixView,
  TransportAck,
} from '../../shared/messages';
import type { Handlers } from '../messaging/listen';
import { nextBarFrame, validBpm } from './bar-grid';
import { cleanCountIn, CountIn } from './count-in';
import type { EngineLibrary } from './library';
import { SILENCE_DB } from './meters';
import { applyPatch, defaultMix, MAX_GAIN_DB, MIN_GAIN_DB } from './mix';
import { PreparedSongs } from './prepared';
import { PlayQueue } from './queue';
import type { Scheduler, SchedulerHooks } from './scheduler';
import { Segue } from './segue';
import { resumePosition } from './snapshot';
import { LoadedSong } from './song';
import { Timeline } from './timeline';

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
const preciseNow = () => performance.timeOrigin + performance.now();

/**
 * The audio engine; it lives in the offscreen document and holds all playback state
 * (the background and the player hold none). One current song plays through its mixer;
 * its neighbours in the play order are prepared (first seconds decoded) for instant switching.
 * The play order, the prepared songs, the segue and the count-in are held by their own modules;
 * the engine decides when each acts.
 */
export class Engine {
  #context: AudioContext | null = null;
  #state: EngineState = 'idle';
  #current: LoadedSong | null = null;
  readonly #prepared = new PreparedSongs(() => this.#changed());
  readonly #queue = new PlayQueue();
  #error: string | null = null;
  #playWhenLoaded = false;
  /** Bumped by every Pause, Stop and Panic: a song switch or start still pending then does not play. */
  #holds = 0;
  /** Song changes run one after another; transport commands do not wait for them. */
  #songOps: Promise<unknown> = Promise.resolve();
  #listeners = new Set<(status: EngineStatus) => void>();
  #mixSaveTimer: ReturnType<typeof setTimeout> | undefined;
  lastTiming: CommandTiming | null = null;
  #dropouts: Dropout[] = [];
  readonly #counters = { underruns: 0, decodeErrors: 0 };
  #positionEpoch = 0;
  /** When the last Play had called start() on every stem (before telling anyone). */
  #lastStart = 0;
  readonly #timeline = new Timeline();
  readonly #countIn = new CountIn(this.#timeline);
  readonly #segue = new Segue(
    {
      isPlayingCurrent: (song) => song === this.#current && this.isPlaying,
      activate: (song, context) => this.#activate(song, context),
      takeOver: (song) => this.#takeOver(song),
    },
    this.#timeline,
  );

  /** One method per message of the 'offscreen' channel. */
  readonly handlers: Handlers<'offscreen'> = {
    'engine.status': () => this.status(),
    'engine.prepare': () => this.prepare(),
    'engine.load': ({ songId, queue, play }) => {
      this.#queue.setEnds([]);
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
    'engine.timeline': () => ({ sampleRate: this.#context?.sampleRate ?? null, events: this.#timeline.events }),
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
      prepared: this.#prepared.ids,
      mix: song?.mix ?? null,
      loop: song?.scheduler?.loop && context ? { startSec: song.scheduler.loop.start / context.sampleRate, endSec: song.scheduler.loop.end / context.sampleRate } : null,
      ends: this.#queue.ends,
      error: this.#error,
      lastCommand: this.lastTiming,
      dropouts: [...this.#dropouts],
      counters: { ...this.#counters },
      positionEpoch: this.#positionEpoch,
      latency: context ? { baseSec: context.baseLatency ?? 0, outputSec: context.outputLatency ?? 0 } : null,
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
    this.#queue.playFrom(songId, order);
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
        const currentId = this.#current?.view.id;
        const target = action === 'next' ? this.#queue.next(currentId) : this.#queue.previous(currentId);
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
    this.#segue.cancel();
    this.#countIn.cancel();
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

  /**
   * After the background re-created the document: the same song, position and play state. A song
   * that was playing comes back where the wall clock says it would be (the band played on): it is
   * sought to where it will be a lead from now and started then, so the seek's decoding time does
   * not put it behind; a seek that overran the lead is redone once with a lead it can meet. The
   * neighbours are prepared only afterwards, so their decoding does not slow the seek. Commands
   * wait for all this (the background and the player hold them), so they act on the restored state.
   */
  async restore(snapshot: EngineSnapshot): Promise<EngineStatus> {
    if (!snapshot.songId) return this.prepare();
    this.#queue.setEnds(Object.entries(snapshot.ends ?? {}));
    await this.load(snapshot.songId, [snapshot.songId]);
    let leadMs = snapshot.playing ? 400 : 0;
    for (let attempt = 1; ; attempt++) {
      const soughtAt = Date.now();
      const startAt = soughtAt + leadMs;
      const position = resumePosition(snapshot, startAt);
      if (position > 0) await this.seek(position);
      const lateMs = Date.now() - startAt;
      if (!snapshot.playing) break;
      if (lateMs <= 20 || attempt === 2) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
        this.#play();
        break;
      }
      leadMs = (Date.now() - soughtAt) * 1.5;
    }
    this.#queue.playFrom(snapshot.songId, snapshot.queue);
    void this.#prepareNeighbours();
    this.#changed();
    return this.status();
  }

  /** A setlist's order and end behaviours; without `songId` a live reorder that interrupts nothing. */
  async setlist(entries: { songId: string; end: SetlistEnd }[], songId?: string, play = false): Promise<EngineStatus> {
    this.#queue.setEnds(entries.map((e) => [e.songId, e.end] as const));
    const order = entries.map((e) => e.songId);
    if (songId) return this.load(songId, order, play);
    const currentId = this.#current?.view.id;
    this.#queue.reorder(order, currentId);
    // A segue armed for a song that is no longer next is taken back; the new next one is armed.
    const next = currentId ? this.#queue.next(currentId) : undefined;
    const armed = this.#segue.song;
    if (armed && armed.view.id !== next) this.#segue.cancel();
    await this.#prepareNeighbours();
    this.#armSegue();
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
    this.#segue.cancel();
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
      this.#segue.cancel();
      scheduler.setLoop(start, end);
      if (scheduler.isPlaying && (position < start || position >= end)) scheduler.jumpAt(nextBar(), start);
    }
    this.#changed();
    return this.status();
  }

  setCountIn(songId: string, settings: { countInBars: number; countInGainDb: number }): EngineStatus {
    const clean = cleanCountIn(settings);
    if (this.#current?.view.id === songId) {
      this.#current.show = clean;
      this.#countIn.setGainDb(clean.countInGainDb);
    }
    void this.#prepared.get(songId)?.then((s) => (s.show = clean), () => {});
    return this.status();
  }

  snapshot(): EngineSnapshot {
    const status = this.status();
    return {
      songId: status.song?.id ?? null,
      queue: [...this.#queue.order],
      positionSec: status.positionSec,
      playing: this.isPlaying,
      at: status.sampledAt,
      ends: this.#queue.ends,
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
    if (!scheduler.isReady) {
      // Right after Stop, Home or a seek the stems are still decoding their first audio: start
      // when all have it, on one frame, unless a Pause, Stop or Panic comes first.
      const intent = this.#holds;
      void scheduler.whenReady().then(() => {
        if (intent === this.#holds && song === this.#current && !this.isPlaying) this.#play();
      });
      return;
    }
    song.graph?.apply(song.mix); // undoes a panic's silenced master
    const context = this.#context;
    const fromFrame = scheduler.positionFrames;
    scheduler.play(context ? this.#countIn.start(context, song, fromFrame) : undefined);
    this.#timeline.record({ kind: 'start', songId: song.view.id, at: scheduler.timeOf(scheduler.positionFrames) });
    this.#lastStart = preciseNow();
    this.#state = 'playing';
    this.#changed();
  }

  #pause(): void {
    this.#holds++;
    this.#playWhenLoaded = false;
    this.#segue.cancel();
    this.#countIn.cancel();
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
    this.#holds++;
    this.#playWhenLoaded = false;
    const scheduler = this.#current?.scheduler;
    if (!scheduler) return;
    this.#state = 'stopped';
    this.#segue.cancel();
    this.#countIn.cancel();
    scheduler.halt();
    this.#changed();
    scheduler.seek(0).then(
      () => this.#changed(),
      (error: unknown) => this.#fail(error),
    );
  }

  #ended(song: LoadedSong): void {
    // A segued song took over (or another song is current): this end changes nothing.
    if (song !== this.#current || this.#segue.song) return;
    this.#state = 'stopped';
    const next = this.#queue.next(song.view.id);
    // A segue that could not be armed in time (next not decoded) still moves straight on.
    if (next) void this.#switchTo(next, this.#queue.endOf(song.view.id) !== 'stop').catch((error: unknown) => this.#fail(error));
    else void this.#current?.scheduler?.seek(0).then(() => this.#changed());
    this.#changed();
  }

  /** Makes `songId` current; instant when it was prepared. Keeps playing if asked to. */
  #switchTo(songId: string, play: boolean): Promise<void> {
    // The decision to play is the performer's at the time of the command: a Pause, Stop or Panic
    // that arrives while the switch is pending wins.
    const holds = this.#holds;
    const run = async () => {
      const context = this.#ensureContext();
      this.#segue.reset();
      this.#countIn.cancel();
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
      if (old && old !== song) this.#prepared.park(old);
      this.#current = song;
      this.#error = null;
      this.#activate(song, context);
      this.#state = 'stopped';
      if ((play && holds === this.#holds) || this.#playWhenLoaded) {
        this.#playWhenLoaded = false;
        const intent = this.#holds;
        if (!song.ready) await song.whenReady();
        if (song === this.#current && intent === this.#holds) this.#play();
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
    this.#prepared.retain(this.#queue.neighbours(current.view.id), (id) => LoadedSong.open(this.#library(), id, context.sampleRate));
  }

  /** Gives `song` its mixer and scheduler, wired to the engine's end handling and timeline. */
  #activate(song: LoadedSong, context: AudioContext): Scheduler {
    const hooks: SchedulerHooks = {
      onEndKnown: (at) => {
        this.#timeline.record({ kind: 'end', songId: song.view.id, at });
        if (song !== this.#current) return;
        this.#segue.endKnown(song.view.id, at);
        this.#armSegue();
      },
      onJump: (at, fromFrame, toFrame) => this.#timeline.record({ kind: 'jump', songId: song.view.id, at, fromFrame, toFrame }),
    };
    return song.activate(context, () => this.#ended(song), hooks);
  }

  /** Arms the segue into the next song when the current one plays and its setlist end says so. */
  #armSegue(): void {
    const current = this.#current;
    const context = this.#context;
    if (!current || !context || !this.isPlaying || this.#queue.endOf(current.view.id) !== 'segue') return;
    const nextId = this.#queue.next(current.view.id);
    void this.#segue.arm(current, context, nextId ? this.#prepared.get(nextId) : undefined);
  }

  /** After a segue's boundary: the segued song becomes current and the old one is parked (prepared). */
  #takeOver(song: LoadedSong): void {
    const old = this.#current;
    this.#prepared.delete(song.view.id);
    if (old) this.#prepared.park(old);
    this.#current = song;
    this.#state = 'playing';
    this.#changed();
    void this.#prepareNeighbours();
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
