import type {
  CommandTiming,
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
import { nextBarOfSong } from './bar-grid';
import { chunkBuffers } from './chunk-buffers';
import { atContextTime } from './clock';
import { cleanCountIn, CountIn } from './count-in';
import { DropoutLog } from './dropouts';
import { cleanFadeSec, DEFAULT_FADE_SEC } from './envelope';
import type { EngineLibrary } from './library';
import { SILENCE_DB } from './meters';
import { applyPatch, defaultMix, MAX_GAIN_DB, MIN_GAIN_DB } from './mix';
import { loadGate } from './output-gate';
import { EngineOutputs } from './outputs';
import { PreparedSongs } from './prepared';
import { PlayQueue } from './queue';
import type { Scheduler, SchedulerHooks } from './scheduler';
import { Segue } from './segue';
import { resumePosition } from './snapshot';
import { LoadedSong } from './song';
import { Timeline } from './timeline';
import { TransportMachine } from './transport-state';

export interface EngineDeps {
  /** Injectable so the engine can be tested without Web Audio. */
  createContext?: () => AudioContext;
  library?: EngineLibrary;
  /** Called on every change of song, queue or transport (the background keeps it). */
  saveSnapshot?: (snapshot: EngineSnapshot) => void;
}

const MIX_SAVE_DELAY_MS = 300;
/** A restored song starts this far ahead of now, for its stems to decode their first audio from the restore point. */
const RESTORE_LEAD_MS = 400;
/** A jump or loop exit pressed closer than this to a bar line lands on the following one (time to decode). */
const BAR_LEAD_SEC = 0.35;

/** The first bar line at least BAR_LEAD_SEC after song frame `frame` (without a tempo: that lead itself). */
const barAfter = (song: Parameters<typeof nextBarOfSong>[0], sr: number) => (frame: number) =>
  nextBarOfSong(song, frame, sr, BAR_LEAD_SEC * sr) ?? frame + BAR_LEAD_SEC * sr;
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
  readonly #transport = new TransportMachine();
  #current: LoadedSong | null = null;
  readonly #prepared = new PreparedSongs(() => {
    this.#warmNext();
    this.#changed();
  });
  readonly #queue = new PlayQueue();
  #error: string | null = null;
  /** Song changes run one after another; transport commands do not wait for them. */
  #songOps: Promise<unknown> = Promise.resolve();
  #listeners = new Set<(status: EngineStatus) => void>();
  #mixSaveTimer: ReturnType<typeof setTimeout> | undefined;
  lastTiming: CommandTiming | null = null;
  readonly #dropouts = new DropoutLog();
  #positionEpoch = 0;
  #fadeSec = DEFAULT_FADE_SEC;
  /** Output device and routing (outputs.ts); songs re-read their routing when told. */
  readonly #outputs = new EngineOutputs(() => this.library, () => this.#changed());

  /** When the last Play had called start() on every stem (before telling anyone). */
  #lastStart = 0;
  readonly #timeline = new Timeline();
  readonly #countIn = new CountIn(this.#timeline);
  readonly #segue = new Segue(
    {
      isPlayingCurrent: (song) => song === this.#current && this.isPlaying,
      activate: (song, context) => this.#activate(song, context),
      takeOver: (song) => this.#takeOver(song),
      leadIn: (song, context, at) => this.#leadIn(song, context, at),
      cancelLeadIn: () => this.#countIn.cancel(this.#fadeSec),
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
    'engine.setlist': ({ entries, songId, index, play }) => this.setlist(entries, songId, play, index),
    'engine.jump': ({ seconds, when }) => this.jump(seconds, when),
    'engine.loop': (data) => this.loop(data),
    'engine.countIn': ({ songId, countInBars, countInGainDb }) => this.setCountIn(songId, { countInBars, countInGainDb }),
    'engine.timeline': () => ({ sampleRate: this.#context?.sampleRate ?? null, events: this.#timeline.events }),
    'engine.settings': ({ fadeMs }) => this.setFade(fadeMs),
    'engine.outputDevice': async (device) => (await this.#outputs.choose(await this.#attached(), device, this.isPlaying, this.#loadedSongs()), this.status()),
    'engine.songEdited': ({ songId }) => this.songEdited(songId),
    'engine.routing': async ({ songId }) => (await this.#outputs.reloadRouting(songId, this.#loadedSongs()), this.status()),
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
    const scheduler = song?.scheduler;
    const frames = scheduler?.positionFrames ?? 0;
    const sampledAt = Date.now();
    const startsIn = context && scheduler?.isPlaying ? Math.max(0, scheduler.advancesAt - context.currentTime) : null;
    return {
      ready: context?.state === 'running',
      sampleRate: context?.sampleRate ?? null,
      contextState: context?.state ?? 'none',
      state: this.#transport.state,
      song: song?.view ?? null,
      positionSec: context ? frames / context.sampleRate : 0,
      sampledAt,
      queue: { index: song ? this.#queue.indexOf(song.view.id) : -1, length: this.#queue.length },
      prepared: this.#prepared.ids,
      mix: song?.mix ?? null,
      loop: song?.scheduler?.loop && context ? { startSec: song.scheduler.loop.start / context.sampleRate, endSec: song.scheduler.loop.end / context.sampleRate } : null,
      ends: this.#queue.ends,
      error: this.#error,
      lastCommand: this.lastTiming,
      dropouts: [...this.#dropouts.list],
      trackDropouts: this.#dropouts.perTrack,
      counters: { ...this.#dropouts.counters },
      positionEpoch: this.#positionEpoch,
      advancesAt: startsIn === null ? null : sampledAt + startsIn * 1000,
      fadeMs: this.#fadeSec * 1000,
      latency: context ? { baseSec: context.baseLatency ?? 0, outputSec: context.outputLatency ?? 0 } : null,
      output: this.#outputs.view(context, song),
    };
  }

  /** Status on every change (the player's events port). */
  subscribe(listener: (status: EngineStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get isPlaying(): boolean {
    return this.#transport.state === 'playing';
  }

  /** Creates (or re-creates, if closed) and resumes the AudioContext ahead of the first Play. */
  async prepare(): Promise<EngineStatus> {
    const context = this.#ensureContext();
    if (context.state !== 'running') await context.resume();
    await this.#outputs.attach(context);
    // Before any song's graph is made: each graph leaves through a gate (output-gate.ts).
    await loadGate(context);
    return this.status();
  }

  /** The context, with its output device and channels set up. */
  async #attached(): Promise<AudioContext> {
    const context = this.#ensureContext();
    await this.#outputs.attach(context);
    return context;
  }

  /** The current song and those prepared or armed: each holds its routing. */
  #loadedSongs(): (LoadedSong | null)[] {
    return [this.#current, this.#segue.song];
  }

  /** `index`: the position in `queue` to play `songId` from, when it is there more than once. */
  async load(songId: string, queue?: string[], play = false, index?: number): Promise<EngineStatus> {
    await this.prepare();
    const order = queue ?? (await this.#library().songOrder());
    this.#queue.playFrom(songId, order, index);
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
    const step = this.#transport.decide(action);
    switch (step) {
      case 'start':
        this.#play();
        break;
      case 'pause':
        this.#pause();
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
        const target = step === 'next' ? this.#queue.next(currentId) : this.#queue.previous(currentId);
        if (target) await this.#switchTo(target, this.#transport.rolling);
        break;
      }
      case 'none':
        break;
    }
    if (this.#lastStart >= timing.receivedAt) timing.startedAt = this.#lastStart;
    this.lastTiming = timing;
    return { action, state: this.#transport.state };
  }

  async seek(seconds: number): Promise<EngineStatus> {
    const song = this.#current;
    const scheduler = song?.scheduler;
    if (!song || !scheduler || !this.#context) throw new Error('No song is loaded');
    const clamped = Math.min(Math.max(0, Number(seconds) || 0), song.view.durationSec);
    this.#segue.reset();
    this.#countIn.cancel(this.#fadeSec);
    const done = scheduler.seek(clamped * this.#context.sampleRate);
    this.#moved();
    await done;
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
    if (snapshot.fadeMs !== undefined) this.#fadeSec = cleanFadeSec(snapshot.fadeMs / 1000);
    if (!snapshot.songId) return this.prepare();
    this.#queue.setEnds(Object.entries(snapshot.ends ?? {}));
    await this.prepare();
    this.#queue.playFrom(snapshot.songId, [snapshot.songId]);
    let leadMs = snapshot.playing ? RESTORE_LEAD_MS : 0;
    for (let attempt = 1; ; attempt++) {
      const soughtAt = Date.now();
      const startAt = soughtAt + leadMs;
      const position = resumePosition(snapshot, startAt);
      if (attempt === 1) {
        // Opened where it will be: its stems decode only from there, not from the top first.
        await this.#switchTo(snapshot.songId, false, position);
        await this.#current?.scheduler?.whenReady();
      } else await this.seek(position);
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
  async setlist(entries: { songId: string; end: SetlistEnd }[], songId?: string, play = false, index?: number): Promise<EngineStatus> {
    this.#queue.setEnds(entries.map((e) => [e.songId, e.end] as const));
    const order = entries.map((e) => e.songId);
    if (songId) return this.load(songId, order, play, index);
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
    const sr = context.sampleRate;
    const bar = nextBarOfSong(song.view, scheduler.positionFrames, sr, BAR_LEAD_SEC * sr);
    if (when === 'now' || bar === null || !scheduler.isPlaying) return this.seek(seconds);
    const to = Math.min(Math.max(0, Number(seconds) || 0), song.view.durationSec) * sr;
    this.#segue.reset();
    scheduler.jumpAt(bar, to, barAfter(song.view, sr));
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
    const position = scheduler.positionFrames;
    const bar = nextBarOfSong(song.view, position, sr, BAR_LEAD_SEC * sr);
    const barOf = barAfter(song.view, sr);
    if (!range) {
      const loop = scheduler.loop;
      // Where the pass already scheduled to start would leave, if the release comes too late for this one.
      const firstExit = loop && bar !== null ? nextBarOfSong(song.view, loop.start, sr, BAR_LEAD_SEC * sr) : null;
      scheduler.releaseLoop(bar ?? Infinity, firstExit ?? Infinity);
    } else {
      const start = Math.round(Math.max(0, range.startSec) * sr);
      const end = Math.round(Math.min(range.endSec, song.view.durationSec) * sr);
      if (end - start < sr / 4) throw new Error('A loop needs at least a quarter of a second');
      this.#segue.reset();
      scheduler.setLoop(start, end);
      if (scheduler.isPlaying && (position < start || position >= end)) scheduler.jumpAt(barOf(position), start, barOf);
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

  /** Song `songId` was edited in the library: every copy the engine holds (current, segued, prepared) takes the new details. */
  async songEdited(songId: string): Promise<EngineStatus> {
    const prepared = await this.#prepared.get(songId)?.catch(() => null);
    const copies = [...new Set([...this.#loadedSongs(), prepared])].filter((s): s is LoadedSong => s?.view.id === songId);
    if (copies.length) {
      const details = await this.#library().readSongDetails(songId);
      for (const song of copies) song.applyDetails(details);
    }
    this.#changed();
    return this.status();
  }

  /** The transport fade, in ms (0 turns fades off; at most 20 ms). */
  setFade(fadeMs: number): EngineStatus {
    this.#fadeSec = cleanFadeSec(Number(fadeMs) / 1000);
    for (const song of [this.#current, this.#segue.song]) {
      if (song?.scheduler) song.scheduler.fadeSec = this.#fadeSec;
    }
    this.#changed();
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
      fadeMs: status.fadeMs,
    };
  }

  #library(): EngineLibrary {
    if (!this.library) throw new Error('The engine has no library');
    return this.library;
  }

  #ensureContext(): AudioContext {
    if (!this.#context || this.#context.state === 'closed') {
      const context = (this.#context = this.createContext());
      chunkBuffers.useClock(() => context.currentTime);
    }
    return this.#context;
  }

  /** Accepts a Play: starts now if every stem has its first audio, else as soon as they have (a loading song starts when loaded). */
  #play(): void {
    const song = this.#current;
    const scheduler = song?.scheduler;
    if (this.#transport.state === 'idle' && !song) return;
    this.#transport.requestStart();
    if (!song || !scheduler) {
      this.#changed();
      return;
    }
    if (!scheduler.isReady) {
      // Right after Stop, Home or a seek the stems are still decoding their first audio: start
      // when all have it, on one frame, unless a Pause, Stop or Panic comes first.
      void scheduler.whenReady().then(() => {
        if (this.#transport.starting && song === this.#current && !this.isPlaying) this.#startNow(song, scheduler);
      });
      this.#changed();
      return;
    }
    this.#startNow(song, scheduler);
  }

  #startNow(song: LoadedSong, scheduler: Scheduler): void {
    const context = this.#context;
    const fromFrame = scheduler.positionFrames;
    const countInEnd = context ? this.#countIn.start(context, song, fromFrame) : undefined;
    scheduler.play(countInEnd);
    // Where `fromFrame` sounds, not where the play head is by now: `currentTime` can move a whole
    // device callback mid-task, past a start placed a quantum ahead.
    this.#timeline.record({ kind: 'start', songId: song.view.id, at: scheduler.timeOf(fromFrame) });
    this.#lastStart = preciseNow();
    this.#transport.started();
    this.#changed();
    if (countInEnd !== undefined) this.#pushWhenSounding(countInEnd);
  }

  #pause(): void {
    this.#transport.hold();
    this.#segue.reset();
    this.#countIn.cancel(this.#fadeSec);
    this.#current?.scheduler?.pause();
    if (this.#transport.state === 'playing') this.#transport.state = 'paused';
    void this.#outputs.stopped(this.#context, this.#loadedSongs());
    this.#changed();
  }

  /**
   * Everything silent now: the song, an armed segue and the count-in fade out together within
   * the transport fade (no click through the PA), and nothing pending may start; resumable.
   */
  #panic(): void {
    this.#pause();
  }

  #stop(): void {
    this.#transport.hold();
    const scheduler = this.#current?.scheduler;
    if (!scheduler) {
      this.#changed();
      return;
    }
    this.#transport.state = 'stopped';
    this.#segue.reset();
    this.#countIn.cancel(this.#fadeSec);
    scheduler.halt();
    void this.#outputs.stopped(this.#context, this.#loadedSongs());
    this.#moved();
    scheduler.seek(0).then(
      () => this.#changed(),
      (error: unknown) => this.#fail(error),
    );
  }

  #ended(song: LoadedSong): void {
    // A segued song took over (or another song is current): this end changes nothing.
    if (song !== this.#current || this.#segue.song) return;
    this.#transport.state = 'stopped';
    // Every stem stopped decoding (broken files): that is a failure, not the song's end. The show
    // does not run on into the next song, and the player keeps saying what failed.
    const failed = new Set(this.#dropouts.list.filter((d) => d.kind === 'decode-error' && d.songId === song.view.id).map((d) => d.trackId));
    const broken = song.view.tracks.length > 0 && song.view.tracks.every((t) => failed.has(t.id));
    const next = broken ? undefined : this.#queue.next(song.view.id);
    // A segue that could not be armed in time (next not decoded) still moves straight on.
    if (next) void this.#switchTo(next, this.#queue.endOf(song.view.id) !== 'stop').catch((error: unknown) => this.#fail(error));
    else {
      // Stopped at the end: what waited for a stop (a device, a routing, an edit) is applied.
      void this.#current?.scheduler?.seek(0).then(() => this.#outputs.stopped(this.#context, this.#loadedSongs())).then(() => this.#changed());
    }
    this.#changed();
  }

  /** Makes `songId` current; instant when it was prepared. Keeps playing if asked to. `startSec`: open it there (a restore). */
  #switchTo(songId: string, play: boolean, startSec = 0): Promise<void> {
    // The decision to play is the performer's at the time of the command: a Pause, Stop or Panic
    // that arrives while the switch is pending clears it and wins.
    if (play) this.#transport.requestStart();
    const run = async () => {
      const context = this.#ensureContext();
      this.#segue.reset();
      this.#countIn.cancel(this.#fadeSec);
      const prepared = this.#prepared.get(songId);
      if (!prepared) {
        this.#current?.scheduler?.halt(true);
        this.#transport.state = 'loading';
        this.#changed();
      }
      let song: LoadedSong;
      try {
        song = await (prepared ?? LoadedSong.open(this.#library(), songId, context.sampleRate, startSec * context.sampleRate));
      } catch (error) {
        this.#prepared.delete(songId);
        this.#fail(error);
        throw error;
      }
      this.#prepared.delete(songId);
      const old = this.#current;
      const oldScheduler = old?.scheduler;
      if (old && old !== song) this.#prepared.park(old, true);
      this.#current = song;
      this.#error = null;
      if (old !== song) this.#dropouts.clear();
      const scheduler = this.#activate(song, context);
      // The new song starts once the old one has faded out: one song at a time, a clean cut.
      if (old !== song && oldScheduler) scheduler.notBefore(oldScheduler.silentUntil);
      this.#positionEpoch++;
      this.#transport.state = 'stopped';
      if (this.#transport.starting) {
        if (!song.ready) await song.whenReady();
        if (song === this.#current && this.#transport.starting) this.#play();
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
    this.#warmNext();
  }

  /** What `song`'s scheduler reports, wired to the engine's end handling, timeline and dropouts. */
  #hooksFor(song: LoadedSong, context: AudioContext): SchedulerHooks {
    return {
      onEndKnown: (at) => {
        this.#timeline.record({ kind: 'end', songId: song.view.id, at });
        // A segued song's end can be known before it takes over: it is armed then (#takeOver).
        this.#segue.endKnown(song.view.id, at);
        if (song === this.#current) this.#armSegue();
      },
      onJump: (at, fromFrame, toFrame) => {
        this.#timeline.record({ kind: 'jump', songId: song.view.id, at, fromFrame, toFrame });
        if (song === this.#current) this.#pushWhenSounding(at);
      },
      onUnderrun: (stemId, frame, silentFrames) => {
        const track = song.view.tracks.find((t) => t.id === stemId);
        const sr = context.sampleRate;
        this.#dropouts.underrun({ songId: song.view.id, trackId: stemId, trackName: track?.name ?? stemId }, frame / sr, silentFrames / sr);
        this.#changed();
      },
      onStartRetried: () => this.#dropouts.counters.retriedStarts++,
      onSeamDelayed: () => this.#dropouts.counters.delayedSeams++,
      onDecodeError: (stemId, frame, error) => {
        const track = song.view.tracks.find((t) => t.id === stemId);
        this.#dropouts.decodeError({ songId: song.view.id, trackId: stemId, trackName: track?.name ?? stemId }, frame / context.sampleRate, error.message);
        this.#changed();
      },
    };
  }

  /** Gives `song` its mixer and scheduler (already built if it was warmed), on the fade in use now. */
  #activate(song: LoadedSong, context: AudioContext): Scheduler {
    const scheduler = song.activate(context, () => this.#ended(song), this.#hooksFor(song, context), this.#fadeSec);
    scheduler.fadeSec = this.#fadeSec;
    return scheduler;
  }

  /** The song Next would play gets its mixer and armed sources ahead, so Next makes no graph change (LoadedSong.warm). */
  #warmNext(): void {
    const current = this.#current;
    const context = this.#context;
    const nextId = current && this.#queue.next(current.view.id);
    const next = nextId ? this.#prepared.get(nextId) : undefined;
    if (!context || !next) return;
    next.then(
      (song) => {
        if (this.#current === current && song !== current) song.warm(context, () => this.#ended(song), this.#hooksFor(song, context), this.#fadeSec);
      },
      () => {},
    );
  }

  /** Where a segue or 'continue' starts the next song's stems: after its count-in for 'continue'. */
  #leadIn(song: LoadedSong, context: AudioContext, at: number): number {
    const current = this.#current;
    if (!current || this.#queue.endOf(current.view.id) !== 'continue') return at;
    return this.#countIn.start(context, song, 0, at) ?? at;
  }

  /** The play head jumped (seek, stop, song switch): the player re-bases its clock. */
  #moved(): void {
    this.#positionEpoch++;
    this.#changed();
  }

  /** A discontinuity scheduled at context time `at` (count-in end, loop wrap, bar jump): tell the player when it sounds. */
  #pushWhenSounding(at: number): void {
    const context = this.#context;
    if (!context) return;
    // A stale push (the jump was taken back) only re-sends the truth. On the audio clock (see
    // clock.ts): pushed before `at` has sounded, the player would re-base on the old segment.
    atContextTime(context, at, () => this.#moved());
  }

  /** Arms the segue into the next song when the current one plays and its setlist end says so. */
  #armSegue(): void {
    const current = this.#current;
    const context = this.#context;
    // 'continue' rides the segue too: the next song (its count-in first) starts on the last frame's end, not on a timer.
    if (!current || !context || !this.isPlaying || this.#queue.endOf(current.view.id) === 'stop') return;
    const nextId = this.#queue.next(current.view.id);
    void this.#segue.arm(current, context, nextId ? this.#prepared.get(nextId) : undefined);
  }

  /** After a segue's boundary: the segued song becomes current and the old one is parked (prepared). */
  #takeOver(song: LoadedSong): void {
    const old = this.#current;
    this.#prepared.delete(song.view.id);
    if (old) this.#prepared.park(old);
    this.#current = song;
    this.#transport.started();
    this.#dropouts.clear();
    this.#moved();
    void this.#prepareNeighbours();
    this.#armSegue();
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
    if (!this.#current) this.#transport.state = 'idle';
    this.#changed();
  }

  #changed(): void {
    const status = this.status();
    for (const listener of this.#listeners) listener(status);
    this.saveSnapshot(this.snapshot());
  }
}
