import type { CountInSettings, MixView, SongView } from '../../shared/messages';
import { DEFAULT_ROUTING, GENERATED_CLICK_ID, GENERATED_CLICK_NAME, fitToDevice, hasClickStem, resolveRouting, roleOf, type DefaultRouting, type SongRouting } from '../outputs/routing';
import { GeneratedClickStream } from './generated-click';
import { graphChannels, MixerGraph } from './graph';
import { songDetailsOf, type EngineLibrary, type SongDetailsView } from './library';
import { reconcileMix } from './mix';
import { atContextTime } from './clock';
import { Scheduler, type SchedulerHooks } from './scheduler';
import { StemStream } from './stream';

/** Decoded ahead of the play head while a song is current. */
export const LOOKAHEAD_SEC = 4;
/** Decoded of a song that is only prepared (next/previous in the play order). */
export const PREROLL_SEC = 2;
/** Beyond the fade's end on the audio clock, before the graph goes (a few render quanta). */
const GRAPH_RELEASE_MARGIN_SEC = 0.02;

/**
 * A song's stems opened for streaming. Prepared songs hold only their first seconds; the
 * current song also has a mixer graph and a scheduler (`activate`).
 */
export class LoadedSong {
  mix: MixView;
  private live: { graph: MixerGraph; scheduler: Scheduler } | null = null;
  /** Current (or segued in): its stems decode LOOKAHEAD_SEC ahead, not only their first seconds. */
  private active = false;
  /** How `activate` was last called, so a routing change that adds or removes the generated click can rebuild. */
  private activation: { context: AudioContext; onEnded: () => void; hooks: SchedulerHooks; fadeSec?: number } | null = null;
  /** The stored routing: the song's own (or none) and the default it falls back on. */
  private storedRouting: { song: SongRouting | undefined; fallback: DefaultRouting } = { song: undefined, fallback: DEFAULT_ROUTING };
  /** A timing edit that waits for the song to stop (see applyDetails). */
  private pendingDetails: SongDetailsView | null = null;
  /** A routing change that waits for the song to stop (it would otherwise rebuild the playing graph). */
  pendingRouting: { song: SongRouting | undefined; fallback: DefaultRouting } | null = null;
  /** The stems as read from the library (without the generated click). */
  private readonly fileStems: { id: string; stream: StemStream }[];
  private readonly fileTracks: SongView['tracks'];
  private readyPromise: Promise<void>;
  ready = false;
  /** Count-in of this song (the library's songShow record). */
  show: CountInSettings;

  private constructor(
    public view: SongView,
    private stems: { id: string; stream: StemStream }[],
    mix: MixView | undefined,
    show: CountInSettings | undefined,
    /** Where the stems first decode from (a restore mid-song); the scheduler starts there. */
    private startFrame: number,
  ) {
    this.show = { countInBars: show?.countInBars ?? 0, countInGainDb: show?.countInGainDb ?? -6 };
    this.fileStems = stems;
    this.fileTracks = view.tracks;
    this.mix = reconcileMix(mix, stems.map((s) => s.id));
    for (const { stream } of stems) stream.seek(startFrame);
    this.readyPromise = Promise.all(stems.map((s) => s.stream.whenBuffered(s.stream.aheadFrames))).then(() => {
      this.ready = true;
    });
  }

  static async open(library: EngineLibrary, songId: string, sampleRate: number, startFrame = 0): Promise<LoadedSong> {
    const { song, tracks, mix, show, tempoChanges } = await library.readSong(songId);
    const routing = (await library.readRouting?.(songId)) ?? { song: undefined, fallback: DEFAULT_ROUTING };
    const opened = await Promise.allSettled(tracks.map((t) => StemStream.open(t.blob, sampleRate, PREROLL_SEC)));
    const failed = opened.findIndex((o) => o.status === 'rejected');
    if (failed >= 0) {
      for (const o of opened) if (o.status === 'fulfilled') o.value.close();
      const reason = (opened[failed] as PromiseRejectedResult).reason;
      throw new Error(`Track "${tracks[failed]!.record.name}" cannot be played`, { cause: reason });
    }
    const stems = opened.map((o, i) => ({ id: tracks[i]!.record.id, stream: (o as PromiseFulfilledResult<StemStream>).value }));
    const view: SongView = {
      id: song.id,
      durationSec: Math.max(song.durationSec, ...tracks.map((t) => t.record.durationSec)),
      tracks: tracks.map((t) => ({ id: t.record.id, name: t.record.name })),
      ...songDetailsOf(song, tempoChanges),
    };
    const start = Math.min(Math.max(0, Math.round(startFrame)), Math.floor(view.durationSec * sampleRate));
    const loaded = new LoadedSong(view, stems, mix, show, start);
    loaded.setStoredRouting(routing, sampleRate, mix);
    return loaded;
  }

  /** Each track's output channels and whether the click is generated, as stored now. */
  get routing(): SongRouting {
    const tracks = this.fileTracks;
    const { song, fallback } = this.storedRouting;
    // Only a song without a click stem of its own and with a tempo gets a generated click.
    const resolved = resolveRouting(tracks, song, fallback);
    if (resolved.generatedClick && (hasClickStem(tracks) || !this.clickStream)) return resolveRouting(tracks, { ...resolved, generatedClick: false }, fallback);
    return resolved;
  }

  /** The generated click of this song (null: no tempo), whether or not it is switched on. */
  private clickStream: GeneratedClickStream | null = null;

  /** The track the count-in follows: the generated click, else the song's click stem. */
  get clickTrackId(): string | undefined {
    return this.view.tracks.find((t) => t.id === GENERATED_CLICK_ID || roleOf(t.name) === 'click')?.id;
  }

  /** Takes a stored routing; the track list gains or loses the generated click (not while live: see applyRouting). */
  private setStoredRouting(stored: { song: SongRouting | undefined; fallback: DefaultRouting }, sampleRate: number, mix?: MixView): void {
    this.storedRouting = stored;
    this.clickStream ??= GeneratedClickStream.forSong(this.view, sampleRate);
    const click = this.routing.generatedClick ? this.clickStream : null;
    this.stems = click ? [...this.fileStems, { id: GENERATED_CLICK_ID, stream: click as unknown as StemStream }] : this.fileStems;
    this.view = { ...this.view, tracks: click ? [...this.fileTracks, { id: GENERATED_CLICK_ID, name: GENERATED_CLICK_NAME }] : this.fileTracks };
    this.mix = reconcileMix(mix ?? this.mix, this.stems.map((s) => s.id));
    click?.seek(this.startFrame);
  }

  /**
   * A routing change from the store: re-routed at once (no source stops), or, when the generated
   * click comes or goes on a playing song, kept until it stops ('next-stop'); a stopped live song
   * is rebuilt at its position with the new track list.
   */
  applyRouting(stored: { song: SongRouting | undefined; fallback: DefaultRouting }): 'now' | 'next-stop' {
    const before = this.routing.generatedClick;
    const previous = this.storedRouting;
    this.storedRouting = stored;
    const after = this.routing.generatedClick;
    const live = this.live;
    if (before === after) {
      this.pendingRouting = null;
      live?.graph.reroute(this.deviceRouting(live.graph.channels), this.clickTrackId);
      return 'now';
    }
    if (live?.scheduler.isPlaying) {
      this.storedRouting = previous;
      this.pendingRouting = stored;
      return 'next-stop';
    }
    this.pendingRouting = null;
    this.rebuild(() => this.setStoredRouting(stored, this.sampleRate));
    return 'now';
  }

  /** After the device changed (its channel count with it): a stopped live song gets a graph for the new channels. */
  refit(): void {
    if (this.live && !this.live.scheduler.isPlaying) this.rebuild(() => {});
  }

  /** A stopped live song: graph and scheduler built again at its position (`change` in between). */
  private rebuild(change: () => void): void {
    const live = this.live;
    const activation = this.activation;
    // Not playing: every stem's stream already decodes from the play head (pause and seek put it there).
    const position = live?.scheduler.positionFrames ?? this.startFrame;
    if (live) {
      // A pause's or stop's fade may still be running through the old graph.
      this.releaseGraph(live);
      this.live = null;
    }
    this.startFrame = position;
    change();
    if (live && activation) this.build(activation.context, activation.onEnded, activation.hooks, activation.fadeSec);
  }

  /** A timing or routing change that waited for the song to stop. */
  applyPending(): void {
    if (this.pendingDetails) this.applyDetails(this.pendingDetails);
    if (this.pendingRouting) this.applyRouting(this.pendingRouting);
  }

  /**
   * The song was edited in the library. Its names change at once; its timing (tempo, metre, tempo
   * changes: the bar grid, the count-in and the generated click) at once when it is not playing,
   * else at the next pause or stop ('next-stop'), so the click and the bar lines never disagree
   * mid-song.
   */
  applyDetails(details: SongDetailsView): 'now' | 'next-stop' {
    this.view = { ...this.view, title: details.title, artist: details.artist, key: details.key };
    // A marker named or placed without a tempo changes no timing: nothing to rebuild.
    if (sameTiming(this.view, details)) {
      this.pendingDetails = null;
      return 'now';
    }
    const live = this.live;
    if (live?.scheduler.isPlaying) {
      this.pendingDetails = details;
      return 'next-stop';
    }
    this.pendingDetails = null;
    const retime = () => {
      const { tempoChanges: _old, ...rest } = this.view;
      this.view = { ...rest, ...details };
      // A new click for the new tempo map, where the song plays from (a live song's position, see rebuild).
      this.clickStream = null;
      this.setStoredRouting(this.storedRouting, this.sampleRate);
    };
    if (live) this.rebuild(retime);
    else retime();
    return 'now';
  }

  /** The rate the song's stems are decoded at (the context's, once it has one). */
  private get sampleRate(): number {
    return this.activation?.context.sampleRate ?? this.fileStems[0]?.stream.outRate ?? this.clickStream?.outRate ?? 48_000;
  }

  /** The routing the device can play: targets beyond its open channels go to the mains. */
  private deviceRouting(channels: number): SongRouting['tracks'] {
    return fitToDevice(this.routing, channels).routing.tracks;
  }

  /** Resolves when every stem has its first seconds decoded. */
  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  get scheduler(): Scheduler | null {
    return this.live?.scheduler ?? null;
  }

  get graph(): MixerGraph | null {
    return this.live?.graph ?? null;
  }

  /** Becomes the current song: its mixer (built now unless it was warmed) and its stems decoding further ahead. */
  activate(context: AudioContext, onEnded: () => void, hooks: SchedulerHooks = {}, fadeSec?: number): Scheduler {
    // Warmed for another device (its channel count): built again for this one.
    if (this.live && this.live.graph.channels !== graphChannels(context)) this.refit();
    const scheduler = this.live?.scheduler ?? this.build(context, onEnded, hooks, fadeSec);
    if (!this.active) {
      this.active = true;
      for (const { stream } of this.stems) {
        stream.current = true;
        stream.aheadFrames = Math.round(LOOKAHEAD_SEC * context.sampleRate);
        stream.poke();
      }
    }
    return scheduler;
  }

  /**
   * Builds a prepared song's mixer ahead of its turn, its first sources armed: Next then only sets
   * start times, with no graph change at the moment of the press (see Scheduler.arm). Silent until
   * it plays (its transport envelope is closed); its stems still decode only their first seconds.
   */
  warm(context: AudioContext, onEnded: () => void, hooks: SchedulerHooks = {}, fadeSec?: number): void {
    if (!this.live && this.ready) this.build(context, onEnded, hooks, fadeSec);
  }

  private build(context: AudioContext, onEnded: () => void, hooks: SchedulerHooks, fadeSec?: number): Scheduler {
    this.activation = { context, onEnded, hooks, fadeSec };
    const graph = new MixerGraph(context, this.stems.map((s) => s.id), this.mix, this.deviceRouting(graphChannels(context)), this.clickTrackId);
    const scheduler = new Scheduler(
      context,
      this.stems.map((s) => ({ ...s, output: graph.inputOf(s.id) })),
      onEnded,
      hooks,
      graph.envelope,
    );
    if (fadeSec !== undefined) scheduler.fadeSec = fadeSec;
    // The stems were opened there: the play head starts on the frame they decode from (and arms).
    scheduler.place(this.startFrame);
    this.startFrame = 0;
    this.live = { graph, scheduler };
    return scheduler;
  }

  /** Back to prepared: faded out (`prompt`: for a song change, see Scheduler.halt), no graph, its first seconds decoded again. */
  park(prompt = false): void {
    if (!this.live) return;
    this.#release(prompt);
    // Edits that waited for it to stop: it is stopped now.
    this.applyPending();
    this.ready = false;
    for (const { stream } of this.stems) {
      stream.current = false;
      stream.aheadFrames = Math.round(PREROLL_SEC * stream.outRate);
      stream.seek(0);
    }
    this.readyPromise = Promise.all(this.stems.map((s) => s.stream.whenBuffered(s.stream.aheadFrames))).then(() => {
      this.ready = true;
    });
  }

  dispose(): void {
    this.#release();
    for (const { stream } of this.stems) stream.close();
  }

  /**
   * Disconnects a halted song's graph once its fade-out has played: on the audio clock, not a
   * timer (see clock.ts), or a stalled audio thread hears the graph go mid-fade, a click.
   */
  private releaseGraph({ scheduler, graph }: { scheduler: Scheduler; graph: MixerGraph }): void {
    const context = this.activation?.context;
    if (!context) return graph.dispose();
    atContextTime(context, Math.max(scheduler.quietUntil, context.currentTime) + GRAPH_RELEASE_MARGIN_SEC, () => graph.dispose());
  }

  /** Fades out and drops the mixer; the graph carries the fade, so it goes once that is over. */
  #release(prompt = false): void {
    if (!this.live) return;
    const { scheduler, graph } = this.live;
    scheduler.halt(prompt);
    scheduler.disarm();
    this.releaseGraph({ scheduler, graph });
    this.live = null;
    this.active = false;
  }
}

/** Whether `a` and `b` put the beats in the same places (tempo, metre and tempo changes). */
function sameTiming(a: SongDetailsView, b: SongDetailsView): boolean {
  return (a.bpm ?? null) === (b.bpm ?? null) && (a.timeSignature ?? '') === (b.timeSignature ?? '') && JSON.stringify(a.tempoChanges ?? []) === JSON.stringify(b.tempoChanges ?? []);
}
