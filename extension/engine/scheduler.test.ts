import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler, type Stem } from './scheduler';
import type { Chunk, StemStream } from './stream';

const SR = 48_000;
const CHUNK = 4_800; // 0.1 s

/** Source nodes that record when they start and stop on the context clock. */
class FakeSource {
  static all: FakeSource[] = [];
  startAt = NaN;
  offset = 0;
  stopAt = Infinity;
  onended: (() => void) | null = null;
  constructor(_: unknown, readonly options: { buffer: { length: number; frame: number } }) {
    FakeSource.all.push(this);
  }
  connected = false;
  /** Where it is connected: a stem's output, or the gain of a source coming back from an underrun. */
  to: unknown = null;
  ended: (() => void)[] = [];
  connect<T>(to: T): T {
    this.connected = true;
    this.to = to;
    return to;
  }
  addEventListener(_: 'ended', f: () => void) {
    this.ended.push(f);
  }
  disconnect() {
    this.connected = false;
  }
  start(at: number, offset = 0) {
    this.startAt = at;
    this.offset = offset;
  }
  stop(at = 0) {
    this.stopAt = at;
  }
}

/** Gain nodes that record their automation. */
class FakeGain {
  static all: FakeGain[] = [];
  calls: [string, number, number][] = [];
  to: unknown = null;
  gain = {
    setValueAtTime: (v: number, t: number) => this.calls.push(['set', v, t]),
    linearRampToValueAtTime: (v: number, t: number) => this.calls.push(['ramp', v, t]),
  };
  constructor(_: unknown, readonly options: { gain: number }) {
    FakeGain.all.push(this);
  }
  connect<T>(to: T): T {
    this.to = to;
    return to;
  }
  disconnect() {
    this.to = null;
  }
}

/** A stem of `frames` frames whose chunks carry their own frame (to check what plays where). */
function fakeStream(frames: number, released: Chunk[] = []) {
  let ready: Chunk[] = [];
  let ended = false;
  const fill = (from: number) => {
    ready = [];
    for (let f = from; f < frames; f += CHUNK) ready.push({ frame: f, buffer: { length: Math.min(CHUNK, frames - f), frame: f } as unknown as AudioBuffer });
    ended = true;
  };
  fill(0);
  return {
    take: () => ready.shift() ?? null,
    peek: (i = 0) => ready[i] ?? null,
    unshift: (chunks: Chunk[]) => ready.unshift(...chunks),
    release: (chunk: Chunk) => released.push(chunk),
    seek: (frame: number) => fill(frame),
    get done() {
      return ended && ready.length === 0;
    },
    whenBuffered: async () => {},
    isBuffered: () => true,
  } as unknown as StemStream;
}

/** Lets promise chains (a scheduler waiting for its stems) run to the end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function setup(frames: number, stems = 2) {
  const context = { sampleRate: SR, currentTime: 1 } as { sampleRate: number; currentTime: number };
  const list: Stem[] = Array.from({ length: stems }, (_, i) => ({ id: `s${i}`, stream: fakeStream(frames), output: {} as AudioNode }));
  const ends: number[] = [];
  const jumps: [number, number, number][] = [];
  const scheduler = new Scheduler(context as unknown as AudioContext, list, () => {}, {
    onEndKnown: (at) => ends.push(at),
    onJump: (at, from, to) => jumps.push([at, from, to]),
  });
  /** Lets the pump run as the clock moves, and the promise chains it starts (a seam waiting for its stems). */
  const advance = async (seconds: number) => {
    for (let t = 0; t < seconds; t += 0.1) {
      context.currentTime += 0.1;
      await vi.advanceTimersByTimeAsync(100);
    }
  };
  return { context, scheduler, ends, jumps, advance };
}

beforeEach(() => {
  FakeSource.all = [];
  FakeGain.all = [];
  vi.useFakeTimers();
  vi.stubGlobal('AudioBufferSourceNode', FakeSource);
  vi.stubGlobal('GainNode', FakeGain);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('Scheduler on the shared grid', () => {
  it('gives each chunk back to its stream once it has played out, not before', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const released: Chunk[] = [];
    const stem: Stem = { id: 'a', stream: fakeStream(10 * SR, released), output: {} as AudioNode };
    const scheduler = new Scheduler(context as unknown as AudioContext, [stem], () => {}, {});
    scheduler.play(1.5);
    for (let t = 0; t < 6; t += 0.1) {
      context.currentTime += 0.1;
      await vi.advanceTimersByTimeAsync(100);
      // A chunk is handed back only when its source is past its end (its buffer is then reused).
      for (const chunk of released) expect(1.5 + (chunk.frame + chunk.buffer.length) / SR).toBeLessThan(context.currentTime);
    }
    const played = Math.floor((context.currentTime - 0.1 - 1.5) * SR);
    expect(released.length).toBeGreaterThan(0);
    expect(released.at(-1)!.frame + released.at(-1)!.buffer.length).toBeGreaterThan(played - 2 * CHUNK);
    expect(new Set(released).size).toBe(released.length);
    // Their sources are out of the graph; the ones still to play are connected.
    const sourceOf = (chunk: Chunk) => FakeSource.all.find((s) => s.options.buffer === (chunk.buffer as unknown))!;
    expect(released.every((chunk) => !sourceOf(chunk).connected)).toBe(true);
    expect(FakeSource.all.filter((s) => s.connected).length).toBeGreaterThan(0);
  });

  it('reports the exact end of the song, so a segue starts the next song on that frame', async () => {
    const { scheduler, ends, advance } = setup(SR + 1234); // 1.0257 s, not a whole chunk
    const startAt = 2; // on the frame grid
    scheduler.play(startAt);
    await advance(0.5);
    expect(ends).toHaveLength(1);
    expect((ends[0]! - startAt) * SR).toBeCloseTo(SR + 1234, 6);

    // The next song started at that time: its first chunk starts exactly there (gap 0 frames).
    const next = setup(SR);
    next.context.currentTime = 1;
    next.scheduler.play(ends[0]!);
    const first = FakeSource.all.at(-1)!;
    expect(Math.round((first.startAt - ends[0]!) * SR)).toBe(0);
  });

  it('loops a section sample-exactly: every stem restarts at the loop end time with the loop start frame', async () => {
    const { scheduler, jumps, advance } = setup(10 * SR, 3);
    scheduler.play(1.5);
    scheduler.setLoop(SR / 2, SR); // 0.5–1.0 s of the song
    await advance(2);
    expect(jumps.length).toBeGreaterThanOrEqual(2);
    const [at, from, to] = jumps[0]!;
    expect(Math.round((at - 1.5) * SR)).toBe(SR); // song frame 48,000 sounds at 1.5 s + 1 s
    expect([from, to]).toEqual([SR, SR / 2]);
    // Each later pass is exactly one section (0.5 s) after the previous one.
    expect(Math.round((jumps[1]![0] - at) * SR)).toBe(SR / 2);
    // All three stems start the loop's first chunk at the same time.
    const restarts = FakeSource.all.filter((s) => s.options.buffer.frame === SR / 2 && Math.abs(s.startAt - at) < 1e-9);
    expect(restarts).toHaveLength(3);
    // Nothing of the old pass plays past the jump.
    expect(FakeSource.all.filter((s) => s.startAt < at && s.stopAt !== Infinity).every((s) => s.stopAt <= at + 1e-9)).toBe(true);
  });

  it('a released loop leaves on the given bar for the section end', async () => {
    const { scheduler, jumps, advance } = setup(10 * SR);
    scheduler.play(1.5);
    scheduler.setLoop(0, 4 * SR);
    await advance(0.3); // play head ~0.3 s into the section, restart not yet committed
    scheduler.releaseLoop(SR); // exit on the bar line at 1 s
    await advance(2);
    expect(jumps[0]).toEqual([1.5 + 1, SR, 4 * SR]);
    expect(scheduler.loop).toBeNull();
  });
});

describe('Scheduler jumps', () => {
  it('a loop released after its next restart was committed exits once, on the bar, and does not restart again', async () => {
    const { scheduler, jumps, advance } = setup(10 * SR);
    scheduler.play(1.5);
    scheduler.setLoop(SR, 3 * SR); // 1–3 s, restarts committed up to 2 s ahead
    await advance(3.7); // in the second pass; the third pass's restart is committed
    scheduler.releaseLoop(2 * SR);
    await advance(3);
    const exit = jumps.find((j) => j[2] === 3 * SR)!;
    expect(exit[1]).toBe(2 * SR);
    // The restart committed before the release was replaced by the exit; none is armed after it.
    expect(jumps.slice(jumps.indexOf(exit) + 1)).toEqual([]);
  });

  it('a loop released just before a committed restart plays into the new pass and leaves it at its first exit (no redirect the stems could not decode in time)', async () => {
    const { scheduler, jumps, advance } = setup(10 * SR);
    scheduler.play(1.5);
    scheduler.setLoop(SR, 3 * SR); // the pass restarts at context time 1.5 + 3 = 4.5
    await advance(3.4); // the clock is at 4.4, 0.1 s before the committed restart
    const committed = jumps.length;
    const seam = jumps.at(-1)![0];
    expect(seam).toBeCloseTo(4.5, 9);
    scheduler.releaseLoop(Infinity, 1.5 * SR);
    await advance(3);
    // The restart stands; the new pass leaves at 1.5 s for the section's end, once.
    expect(jumps[committed - 1]).toEqual([seam, 3 * SR, SR]);
    const exits = jumps.slice(committed);
    expect(exits).toHaveLength(1);
    expect(exits[0]![1]).toBe(1.5 * SR);
    expect(exits[0]![2]).toBe(3 * SR);
  });

  it('a jump asked just before a committed seam lets that segment start and jumps at its first bar (no redirect the stems could not decode in time)', async () => {
    const { scheduler, jumps, advance } = setup(10 * SR);
    scheduler.play(1.5);
    scheduler.setLoop(SR, 3 * SR); // the pass restarts at context time 4.5
    await advance(3.4); // 0.1 s before the committed restart
    const committed = jumps.length;
    scheduler.jumpAt(2.5 * SR, 6 * SR, (frame) => frame + 0.5 * SR); // "bars" half a second apart
    await advance(3);
    // The restart stands (the new pass starts at 1 s); the jump to 6 s comes at 1.5 s of that pass.
    expect(jumps[committed - 1]![2]).toBe(SR);
    expect(jumps[committed]).toEqual([expect.closeTo(5, 9), 1.5 * SR, 6 * SR]);
  });

  it('a jump asked well before a committed seam redirects it', async () => {
    const { scheduler, jumps, advance } = setup(10 * SR);
    scheduler.play(1.5);
    scheduler.setLoop(SR, 3 * SR);
    await advance(2.6); // 0.9 s before the committed restart at 4.5
    scheduler.jumpAt(2.8 * SR, 6 * SR, (frame) => frame + 0.5 * SR);
    await advance(3);
    expect(jumps.at(-1)).toEqual([expect.closeTo(4.3, 9), 2.8 * SR, 6 * SR]);
  });
});

/** Records what the scheduler asks of the song's transport gain. */
function fakeEnvelope() {
  const calls: [string, number, number?][] = [];
  return {
    calls,
    envelope: {
      fadeOut: (sec: number) => (calls.push(['fadeOut', sec]), { closed: 0, silent: 0 }),
      openAt: (at: number, ramp?: number) => calls.push(['openAt', at, ramp]),
      dip: (at: number, sec: number) => calls.push(['dip', at, sec]),
      closeAt: (at: number) => calls.push(['closeAt', at]),
      rampUpFrom: (at: number, sec: number) => calls.push(['rampUpFrom', at, sec]),
      isLive: true,
      whenLive: () => Promise.resolve(),
    },
  };
}

describe('Scheduler transitions and dropouts', () => {
  it('is not ready to play until the graph’s output is live (its gate built on the audio thread), nor arms before', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const { envelope } = fakeEnvelope();
    let live!: () => void;
    const running = new Promise<void>((resolve) => (live = () => ((envelope.isLive = true), resolve())));
    envelope.isLive = false;
    envelope.whenLive = () => running;
    const stems: Stem[] = [{ id: 'a', stream: fakeStream(4 * SR), output: {} as AudioNode }];
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {}, {}, envelope as never);
    scheduler.place(0);
    let ready = false;
    void scheduler.whenReady().then(() => (ready = true));
    await settle();
    // Every stem has its audio, but a start now would be heard only once the gate runs, mid-wave.
    expect(scheduler.isReady).toBe(false);
    expect(ready).toBe(false);
    expect(FakeSource.all).toHaveLength(0); // nothing armed either
    live();
    await settle();
    expect(scheduler.isReady).toBe(true);
    expect(ready).toBe(true);
    expect(FakeSource.all.length).toBeGreaterThan(0); // armed: the play will be quick
  });

  it('fades out before the sources stop on pause; play opens on its first frame (full level from the top, a ramp mid-song)', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const { calls, envelope } = fakeEnvelope();
    envelope.fadeOut = (sec: number) => (calls.push(['fadeOut', sec]), { closed: context.currentTime + sec, silent: context.currentTime + sec });
    const stems: Stem[] = [{ id: 'a', stream: fakeStream(4 * SR), output: {} as AudioNode }];
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {}, {}, envelope as never);
    scheduler.fadeSec = 0.008;
    scheduler.play(1.5);
    expect(calls).toEqual([['openAt', 1.5, 0]]); // from the top: full level on the first frame
    vi.advanceTimersByTime(1); // the pump schedules the next chunks
    context.currentTime = 1.65;
    scheduler.pause();
    expect(calls.at(-1)).toEqual(['fadeOut', 0.008]);
    // Every source sounding stops when the fade has closed, not before.
    const sounding = FakeSource.all.filter((s) => s.startAt <= 1.65 && s.startAt + s.options.buffer.length / SR - s.offset > 1.65);
    expect(sounding).toHaveLength(1);
    expect(sounding[0]!.stopAt).toBeCloseTo(1.658, 9);
    // Later chunks never start.
    for (const s of FakeSource.all.filter((s) => s.startAt > 1.65)) expect(s.stopAt).toBeLessThanOrEqual(s.startAt);
    // Resuming mid-song ramps up over the fade from the first frame.
    scheduler.play();
    expect(calls.at(-1)).toEqual(['openAt', expect.any(Number), 0.008]);
  });

  it('starts every stem on one frame, 20 ms ahead with new sources, a render quantum ahead with sources armed at rest', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const { calls, envelope } = fakeEnvelope();
    const order: string[] = [];
    envelope.openAt = (at: number, ramp?: number) => (order.push('open'), calls.push(['openAt', at, ramp]));
    const stems: Stem[] = ['a', 'b', 'c'].map((id) => ({ id, stream: fakeStream(4 * SR), output: {} as AudioNode }));
    let retried = 0;
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {}, { onStartRetried: () => retried++ }, envelope as never);
    scheduler.play();
    let first = FakeSource.all.map((s) => s.startAt);
    expect(new Set(first).size).toBe(1);
    expect((first[0]! - 1) * 1000).toBeCloseTo(20, 1); // sources made now: the safe lead
    context.currentTime = 1.2;
    scheduler.pause();
    await settle(); // arm() waits for every stem's first chunk
    const armed = FakeSource.all.filter((s) => Number.isNaN(s.startAt));
    // Each stem's first chunk has 20 ms left from the play head (8,640 of 4,800–9,600): the next
    // chunk is armed too, so the first pump (on a timer) is not late for it.
    expect(armed.map((s) => s.options.buffer.frame).sort()).toEqual([4800, 4800, 4800, 9600, 9600, 9600]);
    for (const node of armed) expect(node.connected).toBe(true);

    const start = FakeSource.prototype.start;
    FakeSource.prototype.start = function (this: FakeSource, at: number, offset?: number) {
      order.push('start');
      start.call(this, at, offset);
    };
    const made = FakeSource.all.length;
    order.length = 0;
    try {
      scheduler.play();
    } finally {
      FakeSource.prototype.start = start;
    }
    // The armed sources are started (none made now), then the envelope opens: it stays closed until every stem is in.
    expect(FakeSource.all).toHaveLength(made);
    expect(order).toEqual([...Array(6).fill('start'), 'open']);
    first = armed.filter((s) => s.options.buffer.frame === 4800).map((s) => s.startAt);
    expect(new Set(first).size).toBe(1);
    for (const s of armed.filter((s) => s.options.buffer.frame === 9600)) expect(s.startAt).toBeCloseTo(first[0]! + (9600 - 8640) / SR, 9);
    expect((first[0]! - 1.2) * 1000).toBeGreaterThan((128 / SR) * 1000); // a whole quantum ahead…
    expect((first[0]! - 1.2) * 1000).toBeLessThan(4); // …and little more
    expect(retried).toBe(0);
    scheduler.halt();
  });

  it('a song switched to starts once the song before it has faded out (notBefore), not over its fade', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const stems: Stem[] = ['a', 'b'].map((id) => ({ id, stream: fakeStream(4 * SR), output: {} as AudioNode }));
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {});
    scheduler.place(0); // a warmed song: armed, so its own lead is one quantum
    await settle();
    scheduler.notBefore(1.0107);
    scheduler.play();
    const starts = FakeSource.all.map((s) => s.startAt);
    expect(new Set(starts).size).toBe(1);
    expect(starts[0]!).toBeGreaterThanOrEqual(1.0107);
    expect(starts[0]! - 1.0107).toBeLessThan(1 / SR + 1e-9); // on the next frame, not a lead later
  });

  it('if the audio thread reaches the first frame before every stem is in, starts again with the safe lead, the first try never heard', async () => {
    const context = { sampleRate: SR, currentTime: 2 };
    const { calls, envelope } = fakeEnvelope();
    envelope.fadeOut = (sec: number) => (calls.push(['fadeOut', sec]), { closed: context.currentTime + sec, silent: context.currentTime + sec });
    const stems: Stem[] = ['a', 'b', 'c'].map((id) => ({ id, stream: fakeStream(4 * SR), output: {} as AudioNode }));
    let retried = 0;
    const slow = new Scheduler(context as unknown as AudioContext, stems, () => {}, { onStartRetried: () => retried++ }, envelope as never);
    slow.fadeSec = 0.008;
    slow.place(0);
    await settle();
    expect(FakeSource.all).toHaveLength(3); // armed
    const start = FakeSource.prototype.start;
    let n = 0;
    FakeSource.prototype.start = function (this: FakeSource, at: number, offset?: number) {
      if (n++ === 1) context.currentTime += 0.003;
      start.call(this, at, offset);
    };
    try {
      slow.play();
    } finally {
      FakeSource.prototype.start = start;
    }
    expect(retried).toBe(1);
    const [early, late] = [FakeSource.all.slice(0, 3), FakeSource.all.slice(3)];
    // The first try is stopped at once behind the envelope, which never opened for it (so no ramp
    // of it can land late, part-way up); only the second try opens it.
    expect(calls.map((c) => c[0])).toEqual(['openAt']);
    for (const s of early) expect(s.stopAt).toBe(0);
    // The new start uses new sources, on one frame, with the safe lead.
    expect(new Set(late.map((s) => s.startAt)).size).toBe(1);
    expect(late).toHaveLength(3);
    expect(late[0]!.startAt).toBeGreaterThanOrEqual(context.currentTime + 0.02 - 1e-9);
    expect(calls.at(-1)).toEqual(['openAt', late[0]!.startAt, 0]);
  });

  it('a seek lets armed sources go: they no longer hold the chunk the play starts with', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const stems: Stem[] = ['a', 'b'].map((id) => ({ id, stream: fakeStream(4 * SR), output: {} as AudioNode }));
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {});
    scheduler.place(0);
    await settle();
    const armed = FakeSource.all.slice();
    expect(armed).toHaveLength(2);
    await scheduler.seek(SR);
    for (const node of armed) expect(node.connected).toBe(false);
    await settle();
    const rearmed = FakeSource.all.slice(2);
    expect(rearmed.map((s) => s.options.buffer.frame)).toEqual([SR, SR]);
    scheduler.play();
    for (const node of armed) expect(Number.isNaN(node.startAt)).toBe(true);
    expect(rearmed.every((s) => s.startAt === rearmed[0]!.startAt && !Number.isNaN(s.startAt))).toBe(true);
  });

  it('dips around a loop seam on the seam time', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const { calls, envelope } = fakeEnvelope();
    const stems: Stem[] = [{ id: 'a', stream: fakeStream(10 * SR), output: {} as AudioNode }];
    const jumps: number[] = [];
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {}, { onJump: (at) => jumps.push(at) }, envelope as never);
    scheduler.fadeSec = 0.008;
    scheduler.play(1.5);
    scheduler.setLoop(0, SR);
    for (let i = 0; i < 10; i++) {
      context.currentTime += 0.1;
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(jumps.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c[0] === 'dip').map((c) => c[1])).toEqual(jumps);
  });

  it('a seam its stems cannot decode in time starts every stem together once all are in, ramping up; none drops out on its own', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const { calls, envelope } = fakeEnvelope();
    // After a seek, the slow stem decodes nothing until `release()`: its chunks wait, as a busy decoder's would.
    const slowStream = fakeStream(10 * SR);
    let held = false;
    let release = () => {};
    const base = { take: slowStream.take.bind(slowStream), seek: slowStream.seek.bind(slowStream), whenBuffered: slowStream.whenBuffered.bind(slowStream) };
    Object.assign(slowStream, {
      seek: (frame: number) => {
        base.seek(frame);
        held = true;
      },
      take: () => (held ? null : base.take()),
      whenBuffered: (frames: number) => (held ? new Promise<void>((r) => (release = () => ((held = false), r()))) : base.whenBuffered(frames)),
    });
    const stems: Stem[] = [
      { id: 'fast', stream: fakeStream(10 * SR), output: {} as AudioNode },
      { id: 'slow', stream: slowStream, output: {} as AudioNode },
    ];
    const underruns: string[] = [];
    const delayed: [number, number][] = [];
    const jumps: number[] = [];
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {}, {
      onUnderrun: (id) => underruns.push(id),
      onJump: (at) => jumps.push(at),
      onSeamDelayed: (planned, at) => delayed.push([planned, at]),
    }, envelope as never);
    scheduler.fadeSec = 0.008;
    scheduler.play(1.5);
    await vi.advanceTimersByTimeAsync(1);
    // Inside the section [0, 1 s) at 0.95 s: the wrap at 1 s (context 2.5) is 50 ms away.
    context.currentTime = 2.45;
    scheduler.setLoop(0, SR);
    await vi.advanceTimersByTimeAsync(1);
    const wrap = 2.5;
    expect(calls.find((c) => c[0] === 'dip')?.[1]).toBeCloseTo(wrap, 9);
    // The fast stem has its chunk; the slow one not: neither starts the new pass yet.
    const fromLoopStart = () => FakeSource.all.filter((s) => s.options.buffer.frame === 0 && s.startAt > 2);
    expect(fromLoopStart()).toHaveLength(0);
    // The slow stem's chunk comes 80 ms after the wrap.
    context.currentTime = 2.58;
    release();
    await vi.advanceTimersByTimeAsync(1);
    const starts = fromLoopStart();
    expect(starts.map((s) => s.to)).toEqual([stems[0]!.output, stems[1]!.output]);
    // Both on one frame, a safe lead (20 ms) after the last one came in, from the loop's start frame.
    expect(new Set(starts.map((s) => s.startAt)).size).toBe(1);
    expect(starts.every((s) => s.offset === 0)).toBe(true);
    const at = starts[0]!.startAt;
    expect(at).toBeGreaterThanOrEqual(2.58 + 0.02 - 1e-9);
    expect(at).toBeLessThan(2.58 + 0.02 + 2 / SR);
    expect(delayed).toEqual([[wrap, at]]);
    expect(jumps).toEqual([at]); // where the song's frames really jump, not where they were planned to
    // Closed over the silent gap first (a render-ahead from when the last stem came in), so the
    // ramp up starts from 0 before the new start's frame, not on it.
    expect(calls.slice(-2)).toEqual([['closeAt', expect.closeTo(2.58 + (5 * 128) / SR, 9)], ['rampUpFrom', at, 0.008]]);
    expect(underruns).toEqual([]);
    // And the pass after plays on the grid from there: the next wrap is one section (1 s) later.
    context.currentTime = 3.2;
    await vi.advanceTimersByTimeAsync(200);
    expect(calls.filter((c) => c[0] === 'dip').at(-1)?.[1]).toBeCloseTo(at + 1, 9);
  });

  it('a wrap closer than the render-ahead moves to where its fade fits, a few ms past the section end', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const { calls, envelope } = fakeEnvelope();
    const stems: Stem[] = [{ id: 'a', stream: fakeStream(10 * SR), output: {} as AudioNode }];
    const delayed: [number, number][] = [];
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {}, { onSeamDelayed: (planned, at) => delayed.push([planned, at]) }, envelope as never);
    scheduler.fadeSec = 0.008;
    scheduler.play(1.5);
    await vi.advanceTimersByTimeAsync(1);
    context.currentTime = 2.498; // the section [0, 1 s) ends at 2.5, 2 ms from now
    scheduler.setLoop(0, SR);
    await vi.advanceTimersByTimeAsync(1);
    const seam = Math.ceil((2.498 + 0.02) * SR) / SR; // the safe lead for new sources (past the render-ahead + half the fade)
    expect(calls.find((c) => c[0] === 'dip')?.[1]).toBeCloseTo(seam, 9);
    // The old pass plays on to the seam (no chunk is cut before it), the new one starts there.
    const next = FakeSource.all.filter((s) => s.options.buffer.frame === 0 && s.startAt > 2);
    expect(next.map((s) => s.startAt)).toEqual([seam]);
    expect(delayed).toEqual([[2.5, seam]]);
  });

  it('reports a stem whose audio came late, with the silent stretch, and keeps it on the grid', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const slow = fakeStream(4 * SR);
    const take = slow.take.bind(slow);
    // After the first chunk, nothing is decoded until 1.62 s: the second chunk (due at 1.6 s) comes late.
    let calls = 0;
    (slow as { take: () => Chunk | null }).take = () => (calls++ >= 1 && context.currentTime < 1.62 ? null : take());
    const underruns: [string, number, number][] = [];
    const stems: Stem[] = [
      { id: 'fast', stream: fakeStream(4 * SR), output: {} as AudioNode },
      { id: 'slow', stream: slow, output: {} as AudioNode },
    ];
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {}, { onUnderrun: (id, frame, silent) => underruns.push([id, frame, silent]) });
    scheduler.play(1.5); // chunk 2 (frame 4800) is due at 1.6 s
    for (let i = 0; i < 20; i++) {
      context.currentTime += 0.05;
      vi.advanceTimersByTime(100);
    }
    expect(underruns).toHaveLength(1);
    const [id, frame, silent] = underruns[0]!;
    expect([id, frame]).toEqual(['slow', CHUNK]);
    expect(silent).toBeGreaterThan(0);
    // The late chunk starts part-way in, exactly where its frames are due: still on the grid.
    const late = FakeSource.all.find((s) => s.options.buffer.frame === CHUNK && s.offset > 0)!;
    expect(Math.round((late.startAt - late.offset - 1.6) * SR)).toBe(0);
    // It comes back part-way through its waveform: through a gain ramping up from its start
    // over half a fade, not at full level (a click). Chunks on time connect straight to the stem.
    const ramp = FakeGain.all.find((g) => late.to === g)!;
    expect(ramp.options.gain).toBe(0);
    expect(ramp.to).toBe(stems[1]!.output);
    expect(ramp.calls).toEqual([['set', 0, late.startAt], ['ramp', 1, late.startAt + scheduler.fadeSec / 2]]);
    expect(FakeGain.all).toHaveLength(1);
    expect(FakeSource.all.filter((s) => s !== late).every((s) => s.to === stems[0]!.output || s.to === stems[1]!.output)).toBe(true);
    // The late start is a render-ahead past the clock at the pump, so the ramp is heard whole.
    expect(late.startAt).toBeGreaterThanOrEqual(1.6 + (5 * 128) / SR);
    late.ended.forEach((f) => f());
    expect(ramp.to).toBeNull();
  });
});

describe('Scheduler decode errors', () => {
  it('reports a stem whose file stopped decoding once, at the frame where it went silent', async () => {
    const context = { sampleRate: SR, currentTime: 1 };
    const broken = fakeStream(4 * SR);
    const failure = new Error('Decoding this opus stem stopped at 1.000 s');
    Object.defineProperties(broken, { error: { get: () => failure }, failedAtFrame: { get: () => SR } });
    const errors: [string, number, string][] = [];
    const stems: Stem[] = [
      { id: 'ok', stream: fakeStream(4 * SR), output: {} as AudioNode },
      { id: 'broken', stream: broken, output: {} as AudioNode },
    ];
    const scheduler = new Scheduler(context as unknown as AudioContext, stems, () => {}, { onDecodeError: (id, frame, e) => errors.push([id, frame, e.message]) });
    scheduler.play(1.5);
    for (let i = 0; i < 10; i++) {
      context.currentTime += 0.1;
      vi.advanceTimersByTime(100);
    }
    expect(errors).toEqual([['broken', SR, failure.message]]);
  });
});
