import type { CountInSettings, MixView, SongView } from '../../shared/messages';
import { MixerGraph } from './graph';
import type { EngineLibrary } from './library';
import { reconcileMix } from './mix';
import { Scheduler, type SchedulerHooks } from './scheduler';
import { StemStream } from './stream';

/** Decoded ahead of the play head while a song is current. */
export const LOOKAHEAD_SEC = 4;
/** Decoded of a song that is only prepared (next/previous in the play order). */
export const PREROLL_SEC = 2;
/** Beyond the fade, for the render thread to have played it (a few render quanta). */
const GRAPH_RELEASE_MARGIN_MS = 50;

/**
 * A song's stems opened for streaming. Prepared songs hold only their first seconds; the
 * current song also has a mixer graph and a scheduler (`activate`).
 */
export class LoadedSong {
  mix: MixView;
  private live: { graph: MixerGraph; scheduler: Scheduler } | null = null;
  private readyPromise: Promise<void>;
  ready = false;
  /** Count-in of this song (the library's songShow record). */
  show: CountInSettings;

  private constructor(
    readonly view: SongView,
    private readonly stems: { id: string; stream: StemStream }[],
    mix: MixView | undefined,
    show: CountInSettings | undefined,
    /** Where the stems first decode from (a restore mid-song); the scheduler starts there. */
    private startFrame: number,
  ) {
    this.show = { countInBars: show?.countInBars ?? 0, countInGainDb: show?.countInGainDb ?? -6 };
    this.mix = reconcileMix(mix, stems.map((s) => s.id));
    for (const { stream } of stems) stream.seek(startFrame);
    this.readyPromise = Promise.all(stems.map((s) => s.stream.whenBuffered(s.stream.aheadFrames))).then(() => {
      this.ready = true;
    });
  }

  static async open(library: EngineLibrary, songId: string, sampleRate: number, startFrame = 0): Promise<LoadedSong> {
    const { song, tracks, mix, show } = await library.readSong(songId);
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
      title: song.title,
      artist: song.artist,
      durationSec: Math.max(song.durationSec, ...tracks.map((t) => t.record.durationSec)),
      tracks: tracks.map((t) => ({ id: t.record.id, name: t.record.name })),
      key: song.key,
      bpm: song.bpm,
      timeSignature: song.timeSignature,
    };
    const start = Math.min(Math.max(0, Math.round(startFrame)), Math.floor(view.durationSec * sampleRate));
    return new LoadedSong(view, stems, mix, show, start);
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

  /** Becomes the current song: builds its mixer and lets its stems decode further ahead. */
  activate(context: AudioContext, onEnded: () => void, hooks: SchedulerHooks = {}, fadeSec?: number): Scheduler {
    if (this.live) return this.live.scheduler;
    const graph = new MixerGraph(context, this.stems.map((s) => s.id), this.mix);
    const scheduler = new Scheduler(
      context,
      this.stems.map((s) => ({ ...s, output: graph.inputOf(s.id) })),
      onEnded,
      hooks,
      graph.envelope,
    );
    if (fadeSec !== undefined) scheduler.fadeSec = fadeSec;
    // The stems were opened there: the play head starts on the frame they decode from.
    if (this.startFrame > 0) scheduler.place(this.startFrame);
    this.startFrame = 0;
    for (const { stream } of this.stems) {
      stream.aheadFrames = Math.round(LOOKAHEAD_SEC * context.sampleRate);
      stream.poke();
    }
    this.live = { graph, scheduler };
    return scheduler;
  }

  /** Back to prepared: faded out, no graph, its first seconds decoded again. */
  park(): void {
    if (!this.live) return;
    this.#release();
    this.ready = false;
    for (const { stream } of this.stems) {
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

  /** Fades out and drops the mixer; the graph carries the fade, so it goes once that is over. */
  #release(): void {
    if (!this.live) return;
    const { scheduler, graph } = this.live;
    scheduler.halt();
    setTimeout(() => graph.dispose(), scheduler.fadeSec * 1000 + GRAPH_RELEASE_MARGIN_MS);
    this.live = null;
  }
}
