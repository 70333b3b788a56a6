import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Scheduler } from './scheduler';
import { Segue, SEGUE_PARK_MS } from './segue';
import type { LoadedSong } from './song';
import { Timeline } from './timeline';

const fakeSong = (id: string) => ({ view: { id }, ready: true, whenReady: async () => {}, park: vi.fn() }) as unknown as LoadedSong & { park: ReturnType<typeof vi.fn> };

function setup() {
  // The audio clock runs with the (fake) wall clock unless a test stalls it.
  const clock = { stalled: false, at: 8, wall: Date.now() };
  const context = {
    state: 'running',
    get currentTime() {
      if (!clock.stalled) clock.at += (Date.now() - clock.wall) / 1000;
      clock.wall = Date.now();
      return clock.at;
    },
  } as unknown as AudioContext;
  const scheduler = { play: vi.fn(), timeOf: (frame: number) => 10 + frame / 48_000 };
  let playing = true;
  const host = {
    isPlayingCurrent: () => playing,
    activate: vi.fn(() => scheduler as unknown as Scheduler),
    takeOver: vi.fn(),
    leadIn: vi.fn((_song: unknown, _context: unknown, at: number) => at),
    cancelLeadIn: vi.fn(),
  };
  const timeline = new Timeline();
  const segue = new Segue(host, timeline);
  const stall = (stalled: boolean) => {
    void context.currentTime;
    clock.stalled = stalled;
  };
  return { context, scheduler, host, timeline, segue, stall, stop: () => (playing = false) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Segue', () => {
  it("starts the next song at the current one's end and hands over after the boundary", async () => {
    const { context, scheduler, host, timeline, segue } = setup();
    const [a, b] = [fakeSong('a'), fakeSong('b')];
    segue.endKnown('a', 10);
    await segue.arm(a, context, Promise.resolve(b));
    expect(host.activate).toHaveBeenCalledWith(b, context);
    expect(scheduler.play).toHaveBeenCalledWith(10);
    expect(timeline.events).toEqual([{ kind: 'segue', songId: 'b', at: 10 }]);
    expect(segue.song).toBe(b);
    vi.advanceTimersByTime(2_000 + SEGUE_PARK_MS - 1);
    expect(host.takeOver).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(host.takeOver).toHaveBeenCalledWith(b);
    expect(segue.song).toBeNull();
    // The old song's end is forgotten with it: nothing arms again on it.
    await segue.arm(a, context, Promise.resolve(fakeSong('c')));
    expect(host.activate).toHaveBeenCalledTimes(1);
  });

  it('hands over on the audio clock: while the audio thread stalls, the outgoing song is not parked', async () => {
    const { context, host, segue, stall } = setup();
    const b = fakeSong('b');
    segue.endKnown('a', 10);
    await segue.arm(fakeSong('a'), context, Promise.resolve(b));
    vi.advanceTimersByTime(1_000);
    stall(true); // the clock stops at 9 s: the end (10 s) has not played
    vi.advanceTimersByTime(5_000);
    expect(host.takeOver).not.toHaveBeenCalled();
    stall(false);
    vi.advanceTimersByTime(1_000 + SEGUE_PARK_MS + 10);
    expect(host.takeOver).toHaveBeenCalledWith(b);
  });

  it('an end already past when armed hands over at once', async () => {
    const { context, host, segue } = setup();
    const b = fakeSong('b');
    segue.endKnown('a', 7.5);
    await segue.arm(fakeSong('a'), context, Promise.resolve(b));
    expect(host.takeOver).toHaveBeenCalledWith(b);
    expect(segue.song).toBeNull();
  });

  it.each([
    ['its end is not known yet', () => {}],
    ["the known end is another song's", (segue: Segue) => segue.endKnown('z', 10)],
    ['a new current song reset it', (segue: Segue) => (segue.endKnown('a', 10), segue.reset())],
  ])('does not arm when %s', async (_, before) => {
    const { context, host, segue } = setup();
    before(segue);
    await segue.arm(fakeSong('a'), context, Promise.resolve(fakeSong('b')));
    expect(host.activate).not.toHaveBeenCalled();
    expect(segue.song).toBeNull();
  });

  it('does not arm when the next song failed to open', async () => {
    const { context, host, segue } = setup();
    segue.endKnown('a', 10);
    await segue.arm(fakeSong('a'), context, Promise.reject(new Error('bad file')));
    await segue.arm(fakeSong('a'), context, undefined);
    expect(host.activate).not.toHaveBeenCalled();
  });

  it('gives up when playback stopped while the next song was decoding', async () => {
    const { context, host, segue, stop } = setup();
    segue.endKnown('a', 10);
    const arming = segue.arm(fakeSong('a'), context, Promise.resolve(fakeSong('b')));
    stop();
    await arming;
    expect(host.activate).not.toHaveBeenCalled();
  });

  it('arms once, and a cancelled segue parks the next song and never takes over', async () => {
    const { context, host, segue } = setup();
    const b = fakeSong('b');
    segue.endKnown('a', 10);
    await segue.arm(fakeSong('a'), context, Promise.resolve(b));
    await segue.arm(fakeSong('a'), context, Promise.resolve(fakeSong('c')));
    expect(host.activate).toHaveBeenCalledTimes(1);
    segue.cancel();
    expect(b.park).toHaveBeenCalledOnce();
    expect(segue.song).toBeNull();
    vi.advanceTimersByTime(10_000);
    expect(host.takeOver).not.toHaveBeenCalled();
  });
});
