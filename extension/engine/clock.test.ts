import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { atContextTime } from './clock';

/** A context whose clock the test moves by hand (the audio thread's), independent of the timers (the wall clock). */
const fakeContext = (currentTime = 0) => ({ currentTime, state: 'running' }) as { currentTime: number; state: AudioContextState } & BaseAudioContext;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('atContextTime', () => {
  it('waits for the context clock, not the wall clock: a stalled audio thread holds it back', () => {
    const context = fakeContext(1);
    const fn = vi.fn();
    atContextTime(context, 1.01, fn);
    // The wall clock runs on for a second while the audio clock stands still.
    vi.advanceTimersByTime(1_000);
    expect(fn).not.toHaveBeenCalled();
    context.currentTime = 1.009;
    vi.advanceTimersByTime(100);
    expect(fn).not.toHaveBeenCalled();
    context.currentTime = 1.01;
    vi.advanceTimersByTime(100);
    expect(fn).toHaveBeenCalledOnce();
  });

  it('runs after one timer when both clocks run together', () => {
    const context = fakeContext(2);
    const fn = vi.fn();
    atContextTime(context, 2.05, fn);
    context.currentTime = 2.05;
    vi.advanceTimersByTime(49);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(fn).toHaveBeenCalledOnce();
  });

  it('runs at once for a time already past, or a closed context', () => {
    const past = vi.fn();
    atContextTime(fakeContext(3), 2, past);
    expect(past).toHaveBeenCalledOnce();
    const closed = fakeContext(3);
    closed.state = 'closed';
    const onClosed = vi.fn();
    atContextTime(closed, 10, onClosed);
    expect(onClosed).toHaveBeenCalledOnce();
  });

  it('a cancelled wait never runs', () => {
    const context = fakeContext(0);
    const fn = vi.fn();
    const cancel = atContextTime(context, 0.1, fn);
    context.currentTime = 0.05;
    vi.advanceTimersByTime(80);
    cancel();
    context.currentTime = 1;
    vi.advanceTimersByTime(1_000);
    expect(fn).not.toHaveBeenCalled();
  });
});
