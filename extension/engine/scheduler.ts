import { DEFAULT_FADE_SEC, fadeStartOf, type TransportEnvelope } from './envelope';
import { CHUNK_FRAMES, type Chunk, type StemStream } from './stream';

/**
 * A start whose sources were made ready beforehand (armed: created and connected while the song
 * waited) is made one render quantum (and a little) ahead, so a press sounds almost at once.
 * A connection reaches the audio thread only at a quantum whose start finds the graph unlocked,
 * so a source connected at the moment of the start can start late (and skip ahead: a step at
 * the output) however early its start() was called; an armed start makes no graph change.
 * The start is checked once the stems are started: if the audio thread got there first (a
 * render burst), the envelope is still closed, so nothing was heard, and it is made again with
 * the safe lead. (Opened before the check, as it once was, the envelope's ramp could land late
 * too and start part-way up: a step at the output, seen in the transitions e2e test.)
 */
const ARMED_LEAD_EXTRA_SEC = 0.0005;
/** Armed sources cover at least this much from the play head (the first pump comes on a timer after the start). */
const ARMED_COVER_SEC = 0.05;
/** More than a render burst (the context's baseLatency, 10 ms here) plus the time to start and connect every stem. */
const SAFE_LEAD_SEC = 0.02;
/** Chrome's render quantum: the audio thread reads start times once per quantum. */
const QUANTUM_FRAMES = 128;
/** Chunks are handed to Web Audio this far ahead of the play head (covers timer throttling). */
const SCHEDULE_AHEAD_SEC = 2;
const PUMP_MS = 100;
/** A jump closer than this is committed even if a stem has not scheduled up to it (decode lag). */
const COMMIT_MIN_SEC = 0.3;

export interface Stem {
  id: string;
  stream: StemStream;
  output: AudioNode;
}

interface Scheduled {
  chunk: Chunk;
  node: AudioBufferSourceNode;
  /** Context time at which the node starts. */
  startsAt: number;
  /** Context time at which the chunk's last frame has played. */
  endsAt: number;
}

/** One stretch of continuous play: song frame `cursor` sounds at context time `startedAt`. */
interface Segment {
  cursor: number;
  startedAt: number;
}

/** Where the song's frames go next: at song frame `atFrame` (of the segment it is armed in) continue at `toFrame`. */
export interface Jump {
  atFrame: number;
  toFrame: number;
}

/** Things the engine records (count-in, segue, tests): all times on the context clock. */
export interface SchedulerHooks {
  /** Every stem has been scheduled to its end: the song's last frame ends at context time `at`. */
  onEndKnown?: (at: number) => void;
  /** Song frames jump at context time `at` (a loop restart, a jump on the bar); told once every stem has its audio there. */
  onJump?: (at: number, fromFrame: number, toFrame: number) => void;
  /** A stem's audio came too late: from song frame `frame`, `silentFrames` of it were not heard (the rest stays on the grid). */
  onUnderrun?: (stemId: string, frame: number, silentFrames: number) => void;
  /** A stem's file stopped decoding at song frame `frame`: it is silent from there, the others play on. */
  onDecodeError?: (stemId: string, frame: number, error: Error) => void;
  /** A seam planned for context time `plannedAt` started at `at` instead: a stem had not decoded its target in time. */
  onSeamDelayed?: (plannedAt: number, at: number) => void;
  /** A start was made again with the safe lead: the audio thread reached the first frame before every stem was in. */
  onStartRetried?: () => void;
}

/**
 * Plays one song's stems on the AudioContext clock. Every chunk of every stem starts at
 * `startedAt + (chunk.frame - cursor) / sampleRate`: one shared origin and one frame grid,
 * so stems start on the same sample frame and stay there through seek, pause and long play.
 */
export class Scheduler {
  private readonly sampleRate: number;
  private playing = false;
  /** Absolute frame playing at context time `startedAt` (or the paused position). */
  private cursor = 0;
  private startedAt = 0;
  private readonly scheduled = new Map<string, Scheduled[]>();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The segment still sounding until `startedAt` after a committed jump. */
  private previous: Segment | null = null;
  /** Armed in the current segment, committed by the pump once it is within the schedule horizon. */
  private jump: Jump | null = null;
  /** A vamp: each pass re-arms a jump from `end` back to `start`. */
  private loopRange: { start: number; end: number } | null = null;
  /** Per stem, the song frame up to which the current segment is scheduled. */
  private readonly scheduledTo = new Map<string, number>();
  private endReported = false;
  /**
   * The committed seam whose stems have not all decoded their first chunk at its target yet (a
   * token per commit, so a seam's readiness applies only to it): the pump starts none of them
   * until every one has (see commit), so they start on one frame.
   */
  private pendingSeam: object | null = null;
  /** Bumped by every halt and pause: a seek still loading resumes play only if none came since. */
  private commands = 0;
  /** A seek is loading and play resumes when it is ready (a second seek inherits it). */
  private resumePending = false;
  /** The decode failure last reported per stem (a failure is reported once; a seek's new failure again). */
  private readonly reportedErrors = new Map<string, Error>();
  /** Length of the fade on pause, stop and seams (the engine's setting). */
  fadeSec = DEFAULT_FADE_SEC;
  /** Context time at which the last fade-out is over: a start waits for it (the envelope is shared). */
  private quietAt = 0;
  /** Context time at which the last fade-out is heard to be over: another song may start then. */
  private silentAt = 0;
  /** Per stem, sources for the chunks the next play starts with, created and connected ahead (see `arm`). */
  private armed = new Map<string, { chunk: Chunk; node: AudioBufferSourceNode }[]>();

  constructor(
    private readonly context: AudioContext,
    private readonly stems: readonly Stem[],
    private readonly onEnded: () => void,
    private readonly hooks: SchedulerHooks = {},
    /** The song's transport gain; absent in unit tests that only check the grid. */
    private readonly envelope?: TransportEnvelope,
  ) {
    this.sampleRate = context.sampleRate;
    for (const stem of stems) this.scheduled.set(stem.id, []);
  }

  get loop(): { start: number; end: number } | null {
    return this.loopRange;
  }

  /** Context time at which song frame `frame` of the current segment sounds. */
  timeOf(frame: number): number {
    return this.startedAt + (frame - this.cursor) / this.sampleRate;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** Context time at which this song's last fade-out is over (0: none). */
  get quietUntil(): number {
    return this.quietAt;
  }

  /** Context time from which this song is no longer heard (0: none); its envelope may still be closing. */
  get silentUntil(): number {
    return this.silentAt;
  }

  /** The next start waits until context time `t`: another song's fade-out, so two songs do not sound at once. */
  notBefore(t: number): void {
    this.quietAt = Math.max(this.quietAt, t);
  }

  /** The play head, in frames. */
  get positionFrames(): number {
    if (!this.playing) return this.cursor;
    const heard = this.heard();
    const elapsed = Math.max(0, this.context.currentTime - heard.startedAt);
    return heard.cursor + Math.round(elapsed * this.sampleRate);
  }

  /** Context time from which the play head advances: later than now during a count-in or the start lead. */
  get advancesAt(): number {
    return this.heard().startedAt;
  }

  /** The segment sounding now (the previous one until a committed jump's time). */
  private heard(): Segment {
    const previous = this.previous;
    if (previous && (this.pendingSeam || this.context.currentTime < this.startedAt)) return previous;
    this.previous = null;
    return { cursor: this.cursor, startedAt: this.startedAt };
  }

  /** Starts every stem at one shared frame; synchronous, so it is as fast as the decoded data allows. */
  play(at?: number): void {
    if (this.playing) return;
    this.playing = true;
    this.previous = null;
    this.endReported = false;
    for (const stem of this.stems) this.scheduledTo.set(stem.id, this.cursor);
    // Each stem's opening chunks now (its first, or those armed for it), all on one frame; the rest on the next pump.
    const opening = this.stems.map((stem) => ({ stem, chunks: this.takeOpening(stem) }));
    // Quick only if every stem starts on armed sources: a new one may be connected a quantum late.
    const allArmed = opening.every(({ chunks }) => chunks.every((c) => c.node));
    let lead = allArmed ? QUANTUM_FRAMES / this.sampleRate + ARMED_LEAD_EXTRA_SEC : SAFE_LEAD_SEC;
    for (;;) {
      this.startedAt = this.originFor(at, lead);
      const started = opening.flatMap(({ stem, chunks }) => chunks.map(({ chunk, node }) => ({ stem, s: this.start(stem, chunk, this.startedAt, node) })));
      if (this.landedInTime()) {
        // The envelope opens only once every stem is known to be in: until then it is closed (the
        // last fade is over by the origin), so a start the audio thread overtook is never heard.
        // From the top the song's own audio starts at rest; mid-song it ramps up over the fade.
        this.envelope?.openAt(this.startedAt, this.cursor > 0 ? this.fadeSec : 0, this.fadeSec);
        for (const { stem, s } of started) if (s) this.scheduled.get(stem.id)!.push(s);
        break;
      }
      // Some stems may have started a quantum apart, behind the closed envelope: stop them, start again.
      for (const { s } of started) if (s) stopNode(s.node, 0);
      this.hooks.onStartRetried?.();
      for (const { chunks } of opening) for (const c of chunks) c.node = null; // a source starts once: new ones next time
      lead = Math.max(SAFE_LEAD_SEC, lead * 2);
    }
    this.armLoop();
    setTimeout(() => this.pump(), 0);
    this.timer = setInterval(() => this.pump(), PUMP_MS);
  }

  /**
   * The context time of the first frame: `lead` from now on an integer frame (so chunks land on
   * frames and Web Audio does not interpolate), after any fade-out still running, or `at` (a segue,
   * the end of a count-in: already on the grid) when that is later.
   */
  private originFor(at: number | undefined, lead: number, now = this.context.currentTime): number {
    const sr = this.sampleRate;
    const earliest = Math.ceil(Math.max(now + lead, this.quietAt) * sr) / sr;
    return at !== undefined && at >= earliest ? at : earliest;
  }

  /**
   * True when the audio thread has not begun the render quantum holding the first frame: every
   * start() made before this check is read in time, so all stems start on that frame.
   */
  private landedInTime(): boolean {
    return this.context.currentTime + QUANTUM_FRAMES / this.sampleRate <= this.startedAt;
  }

  /** Stops the sources and keeps the decoded chunks from the play head on, so resuming is instant. */
  pause(): void {
    this.commands++; // also when already halted: a seek in flight must not resume
    if (!this.playing) return;
    const position = this.positionFrames;
    const mixed = this.previous !== null;
    this.halt();
    this.jump = null;
    if (mixed) {
      // Chunks of two segments are scheduled: decode again from the play head instead.
      this.dropScheduled();
      this.cursor = position;
      for (const stem of this.stems) stem.stream.seek(position);
      void this.arm();
      return;
    }
    for (const stem of this.stems) {
      const chunks = this.scheduled.get(stem.id)!.map((s) => s.chunk);
      const keep = chunks.filter((chunk) => chunk.frame + length(chunk) > position);
      for (const chunk of chunks) if (!keep.includes(chunk)) stem.stream.release(chunk);
      stem.stream.unshift(keep);
      this.scheduled.set(stem.id, []);
    }
    this.cursor = position;
    void this.arm();
  }

  /** Puts the stopped play head on `frame`, where every stem's stream already decodes from (a song opened mid-way). */
  place(frame: number): void {
    if (this.playing) return;
    this.cursor = Math.max(0, Math.round(frame));
    void this.arm();
  }

  /** Moves the play head; stems decode from there in parallel and a playing song resumes together. */
  async seek(frame: number): Promise<void> {
    const wasPlaying = this.playing || this.resumePending;
    this.halt();
    this.resumePending = wasPlaying;
    this.dropScheduled();
    this.cursor = Math.max(0, Math.round(frame));
    this.jump = null;
    const loop = this.loopRange;
    if (loop && (this.cursor < loop.start || this.cursor >= loop.end)) this.loopRange = null;
    this.disarm();
    for (const stem of this.stems) stem.stream.seek(this.cursor);
    const issued = this.commands;
    await this.whenReady();
    // A Pause, Stop or Panic while the stems were loading wins over the seek's resume.
    if (issued !== this.commands) return;
    this.resumePending = false;
    if (wasPlaying) this.play();
    else void this.arm();
  }

  /**
   * Makes the next play quick: once every stem has its first chunk, creates and connects a source
   * for each (not started), so play() only sets start times. Called whenever the song comes to
   * rest (pause, a seek, a song opened mid-way); a later seek or play takes them back.
   */
  async arm(): Promise<void> {
    if (this.playing) return;
    const issued = this.commands;
    await this.whenReady();
    if (this.playing || issued !== this.commands) return;
    this.disarm();
    for (const stem of this.stems) {
      // Enough chunks that the first pump, a timer after the play, is not late for the second one.
      const list: { chunk: Chunk; node: AudioBufferSourceNode }[] = [];
      for (let i = 0; ; i++) {
        const chunk = stem.stream.peek(i);
        if (!chunk) break;
        list.push({ chunk, node: this.source(stem, chunk) });
        if ((chunk.frame + length(chunk) - this.cursor) / this.sampleRate >= ARMED_COVER_SEC) break;
      }
      this.armed.set(stem.id, list);
    }
  }

  /**
   * The chunks `stem` starts with, taken from its stream: those armed for it, in order, while they
   * are what the stream holds next (else only its first chunk, with a new source). Armed sources
   * not used are let go.
   */
  private takeOpening(stem: Stem): { chunk: Chunk; node: AudioBufferSourceNode | null }[] {
    const armed = this.armed.get(stem.id) ?? [];
    this.armed.delete(stem.id);
    const taken: { chunk: Chunk; node: AudioBufferSourceNode | null }[] = [];
    let matching = true;
    for (const a of armed) {
      matching &&= stem.stream.peek() === a.chunk;
      if (matching) taken.push({ chunk: stem.stream.take()!, node: a.node });
      else a.node.disconnect();
    }
    if (taken.length) return taken;
    const first = stem.stream.take();
    return first ? [{ chunk: first, node: null }] : [];
  }

  /** Forgets the scheduled chunks (their sources are stopped): their buffers are reused. */
  private dropScheduled(): void {
    for (const stem of this.stems) {
      const list = this.scheduled.get(stem.id)!;
      for (const { chunk } of list) stem.stream.release(chunk);
      list.length = 0;
    }
  }

  /** Lets the armed sources go (the song is released, or its streams move). */
  disarm(): void {
    for (const list of this.armed.values()) for (const { node } of list) node.disconnect();
    this.armed.clear();
  }

  /**
   * Every stem has its first chunk from the play head decoded, and the graph's output is live
   * (envelope.isLive): play would start them on one frame, heard from that frame.
   */
  get isReady(): boolean {
    return (this.envelope?.isLive ?? true) && this.stems.every((s) => s.stream.isBuffered(CHUNK_FRAMES));
  }

  /** Resolves once isReady holds. */
  whenReady(): Promise<void> {
    const live = this.envelope?.whenLive() ?? Promise.resolve();
    return Promise.all([live, ...this.stems.map((s) => s.stream.whenBuffered(CHUNK_FRAMES))]).then(() => {});
  }

  /** Falls silent: the envelope fades out over `fadeSec` and the sources stop when it is closed. */
  /**
   * `prompt`: a song change. The next song starts once this fade is over and Next is a latency the
   * performer waits for, so the fade starts one quantum ahead, not a render burst: a burst landing
   * between reading the clock and the ramp (rare) then makes a step there.
   */
  halt(prompt = false): void {
    this.commands++;
    this.resumePending = false;
    // Already halted: its sources are fading out on their own schedule, which must not be cut short.
    if (!this.playing) return;
    this.cursor = this.positionFrames;
    this.playing = false;
    this.previous = null;
    this.pendingSeam = null;
    clearInterval(this.timer);
    const now = this.context.currentTime;
    const { closed, silent } = this.envelope ? this.envelope.fadeOut(this.fadeSec, prompt) : { closed: now, silent: now };
    this.quietAt = closed;
    this.silentAt = silent;
    for (const list of this.scheduled.values()) {
      // A source already cut at a committed seam keeps that earlier stop.
      for (const { node, endsAt } of list) stopNode(node, Math.min(closed, endsAt));
    }
  }

  /**
   * Arms a jump: when song frame `atFrame` (of the segment heard now) is reached, play continues
   * at `toFrame` on the same grid. Committed ahead of time by the pump, so it is sample-exact.
   * `barAfter` gives the jump's frame in a segment already committed to start soon (see below).
   */
  jumpAt(atFrame: number, toFrame: number, barAfter?: (frame: number) => number): void {
    if (!this.playing) return;
    const heard = this.heard();
    if (this.previous) {
      // A jump is already committed (sounding soon): redirect from the heard segment instead…
      const at = Math.min(heard.startedAt + (atFrame - heard.cursor) / this.sampleRate, this.startedAt);
      if (!barAfter || at - this.context.currentTime >= COMMIT_MIN_SEC) this.commit(at, toFrame, heard);
      // …or, too close for the stems to decode `toFrame` in time (every one would start late: a
      // dropout at the seam), let the committed segment start and jump at its first bar.
      else this.jump = { atFrame: Math.round(barAfter(this.cursor)), toFrame: Math.round(toFrame) };
      return;
    }
    this.jump = { atFrame: Math.round(atFrame), toFrame: Math.round(toFrame) };
    this.pump();
  }

  /** Vamps song frames [start, end) until released; the pass playing now finishes first. */
  setLoop(start: number, end: number): void {
    this.loopRange = { start: Math.round(start), end: Math.round(end) };
    this.armLoop();
    // Committed now, not at the next pump (up to PUMP_MS later): set just before the section's
    // end, the wrap would otherwise be committed after its own time.
    if (this.jump) this.pump();
  }

  /**
   * Ends the vamp. `exitAt` (a bar line in the heard segment) leaves the section there for its
   * end frame; at or past the section's end, play simply continues past the end. `exitInNextPass`
   * (a bar line of the section, or Infinity for its end) is where the pass already scheduled to
   * start leaves, when the release comes too close to that restart to decode the section's end
   * in time (a redirect then would start every stem late: a dropout at the seam).
   */
  releaseLoop(exitAt: number, exitInNextPass = Infinity): void {
    const loop = this.loopRange;
    this.loopRange = null;
    if (!loop || !this.playing) return;
    const heard = this.heard();
    if (this.previous) {
      // The restart is already scheduled: end the pass at the exit bar, or at the section's end…
      const exit = Math.min(exitAt, loop.end);
      const at = Math.min(heard.startedAt + (exit - heard.cursor) / this.sampleRate, this.startedAt);
      if (at - this.context.currentTime >= COMMIT_MIN_SEC) this.jumpAt(exit, loop.end);
      // …or, too close for that, play into the new pass and leave it at its first exit.
      else this.jump = exitInNextPass < loop.end ? { atFrame: Math.round(exitInNextPass), toFrame: loop.end } : null;
      return;
    }
    const position = heard.cursor + Math.max(0, this.context.currentTime - heard.startedAt) * this.sampleRate;
    if (position < loop.start || exitAt >= loop.end) this.jump = null;
    else this.jump = { atFrame: Math.round(exitAt), toFrame: loop.end };
  }

  private armLoop(): void {
    const loop = this.loopRange;
    if (!loop || !this.playing || this.previous) return;
    if (this.cursor >= loop.end) {
      this.loopRange = null;
      return;
    }
    this.jump = { atFrame: loop.end, toFrame: loop.start };
  }

  /** Commits the armed jump once it is within the horizon and every stem is scheduled up to it. */
  private maybeCommit(now: number): void {
    const jump = this.jump;
    if (!jump || this.previous) return;
    const at = this.timeOf(jump.atFrame);
    if (at - now > SCHEDULE_AHEAD_SEC) return;
    const covered = this.stems.every((s) => s.stream.done || (this.scheduledTo.get(s.id) ?? 0) >= jump.atFrame);
    if (!covered && at - now > COMMIT_MIN_SEC) return;
    this.jump = null;
    this.commit(at, jump.toFrame, { cursor: this.cursor, startedAt: this.startedAt });
  }

  /** From context time `at`, song frame `toFrame` plays: later sources are stopped, streams re-decode there. */
  private commit(at: number, toFrame: number, heard: Segment): void {
    const sr = this.sampleRate;
    const planned = at;
    // A seam closer than the render-ahead (a loop set in the last milliseconds of its section)
    // could not fade out before it, nor new sources start on it: it moves to where the dip fits
    // and a start is safe, a few ms past its bar.
    // One clock read for the seam and its dip (see TransportEnvelope.dip).
    const now = this.context.currentTime;
    const ahead = fadeStartOf(this.context, now);
    const earliest = Math.max(ahead + this.fadeSec / 2, now + SAFE_LEAD_SEC);
    at = Math.max(Math.round(at * sr), Math.ceil(earliest * sr)) / sr;
    for (const stem of this.stems) {
      const list = this.scheduled.get(stem.id)!;
      for (let i = list.length - 1; i >= 0; i--) {
        const s = list[i]!;
        if (s.startsAt >= at) {
          stopNode(s.node, 0);
          list.splice(i, 1);
          stem.stream.release(s.chunk);
        } else if (s.endsAt > at) {
          s.node.stop(at);
          s.endsAt = at;
        }
      }
    }
    const fromFrame = heard.cursor + Math.round((at - heard.startedAt) * sr);
    // A jump armed in the replaced segment no longer applies.
    this.jump = null;
    this.previous = heard;
    this.cursor = toFrame;
    this.startedAt = at;
    this.endReported = false;
    for (const stem of this.stems) {
      this.scheduledTo.set(stem.id, toFrame);
      stem.stream.seek(toFrame);
    }
    // The new segment starts once every stem has its first chunk there, as soon as they have
    // (not at the next pump, up to PUMP_MS later). Decoded in time (the usual case: a seam is
    // committed up to 2 s ahead), it starts at `at`. A seam pressed too close for that (a loop
    // set inside its section just before the end) starts all stems together a safe lead after
    // the last one is in, ramping up: a short gap, where stems started one by one as each was
    // decoded would each drop out for a different stretch and come back part-way in.
    const seam = {};
    this.pendingSeam = seam;
    void this.whenReady().then(() => {
      if (!this.playing || this.pendingSeam !== seam) return;
      this.pendingSeam = null;
      // One clock read for the start, the gap's close and the first sources (see pump).
      const now = this.context.currentTime;
      const origin = this.originFor(at, SAFE_LEAD_SEC, now);
      if (origin > at) {
        this.startedAt = origin;
        // The dip at `at` left the envelope open over the silent gap: closed there (from the seam,
        // or the render-ahead if that is later), it ramps up again from the new start.
        this.envelope?.closeAt(Math.max(at, fadeStartOf(this.context, now)));
        this.envelope?.rampUpFrom(origin, this.fadeSec);
      }
      if (this.startedAt - planned > 1 / sr) this.hooks.onSeamDelayed?.(planned, this.startedAt);
      this.hooks.onJump?.(this.startedAt, fromFrame, toFrame);
      this.pump(now);
    });
    this.envelope?.dip(at, this.fadeSec / 2, ahead);
    // The next pass of a vamp is armed in the new segment.
    const loop = this.loopRange;
    if (loop && toFrame >= loop.start && toFrame < loop.end) this.jump = { atFrame: loop.end, toFrame: loop.start };
    else if (loop && toFrame !== loop.start) this.loopRange = null; // jumped elsewhere: the vamp is over
  }

  /**
   * Starts the chunks due soon. `now`: the clock read the caller placed a new start with. The
   * clock is read once per pass: `currentTime` can move by a whole device callback mid-task, and
   * a second read would start the later stems of one pass late (an underrun) or past the start
   * just placed; the render-ahead from one read already covers such a callback.
   */
  private pump(now = this.context.currentTime): void {
    if (!this.playing || this.pendingSeam) return;
    const safe = fadeStartOf(this.context, now);
    this.heard();
    this.maybeCommit(now);
    if (this.pendingSeam) return; // a seam just committed: its stems start together (commit)
    let anyLeft = false;
    for (const stem of this.stems) {
      const list = this.scheduled.get(stem.id)!;
      // Played out (the audio thread is past their end): out of the graph (a finished source
      // left connected stays in the render graph until collected), their buffers reused.
      while (list.length && list[0]!.endsAt < now - 0.1) {
        const { node, chunk } = list.shift()!;
        node.disconnect();
        stem.stream.release(chunk);
      }
      let last = list.at(-1);
      while (!last || last.endsAt - SCHEDULE_AHEAD_SEC < now) {
        const chunk = stem.stream.take();
        if (!chunk) break;
        // A chunk already due starts where the audio thread has surely not rendered yet (the
        // render-ahead), so its ramp back in (rampedSource) is heard whole.
        last = this.start(stem, chunk, Math.max(this.startedAt, safe));
        if (last) list.push(last);
      }
      if (list.length || !stem.stream.done) anyLeft = true;
      const error = stem.stream.error;
      if (error && this.reportedErrors.get(stem.id) !== error) {
        this.reportedErrors.set(stem.id, error);
        this.hooks.onDecodeError?.(stem.id, stem.stream.failedAtFrame ?? this.scheduledTo.get(stem.id) ?? this.cursor, error);
      }
    }
    this.maybeCommit(now);
    if (this.pendingSeam) return;
    if (!this.endReported && !this.jump && !this.previous && this.stems.every((s) => s.stream.done)) {
      this.endReported = true;
      const end = Math.max(...this.stems.map((s) => this.scheduledTo.get(s.id) ?? this.cursor));
      this.hooks.onEndKnown?.(this.timeOf(end));
    }
    if (!anyLeft && !this.jump) {
      this.halt();
      this.onEnded();
    }
  }

  /** A source for `chunk`, connected to its stem (or to `into`, on the way to it; not started). */
  private source(stem: Stem, chunk: Chunk, into: AudioNode = stem.output): AudioBufferSourceNode {
    const node = new AudioBufferSourceNode(this.context, { buffer: chunk.buffer });
    node.connect(into);
    return node;
  }

  /**
   * A source for a chunk that comes back from an underrun, part-way through its waveform: it
   * ramps up from `at` over half a transport fade (as a seam does), so the stem comes back
   * without a click. Its gain is let go with it.
   */
  private rampedSource(stem: Stem, chunk: Chunk, at: number): AudioBufferSourceNode {
    const ramp = this.fadeSec / 2;
    if (ramp <= 0) return this.source(stem, chunk);
    const gain = new GainNode(this.context, { gain: 0 });
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(1, at + ramp);
    gain.connect(stem.output);
    const node = this.source(stem, chunk, gain);
    node.addEventListener('ended', () => gain.disconnect());
    return node;
  }

  /** Starts `chunk` at its time on the grid, or part-way through it from `earliest` when that is later. */
  private start(stem: Stem, chunk: Chunk, earliest: number, armed?: AudioBufferSourceNode | null): Scheduled | undefined {
    const sr = this.sampleRate;
    const frames = length(chunk);
    let at = this.startedAt + (chunk.frame - this.cursor) / sr;
    let offset = 0;
    let underrun = false;
    // Before the origin (resuming mid-chunk), or late (decode fell behind): start part-way
    // through the chunk at the time its frames are due, so the stem stays aligned.
    if (at < earliest) {
      // A whole number of frames late, so the stem stays on the grid (a fraction would make Web
      // Audio interpolate between frames: the stem sounds a sub-sample off its copies).
      const lateFrames = Math.ceil((earliest - at) * sr - 1e-6);
      offset = lateFrames / sr;
      // Due after the segment's start but not here in time: a stretch of this stem is lost.
      underrun = at >= this.startedAt;
      if (underrun) this.hooks.onUnderrun?.(stem.id, chunk.frame, Math.min(lateFrames, frames));
      at += offset;
    }
    if (offset * sr >= frames) {
      armed?.disconnect();
      return undefined;
    }
    const node = armed ?? (underrun ? this.rampedSource(stem, chunk, at) : this.source(stem, chunk));
    node.start(at, offset);
    this.scheduledTo.set(stem.id, chunk.frame + frames);
    return { chunk, node, startsAt: at, endsAt: at + (frames / sr - offset) };
  }
}

/** Stops a source at context time `when` (0: now) and lets it go once it has. */
function stopNode(node: AudioBufferSourceNode, when: number): void {
  node.onended = () => node.disconnect();
  node.stop(when);
}

function length(chunk: Chunk): number {
  return chunk.buffer.length;
}
