import { computed, signal } from '@preact/signals';
import { fakeClock } from '../shortcuts/testing/fake-clock';
import { describe, expect, it } from 'vitest';
import { createTransport, type TransportCommand } from './model';

function setup(position: number, fail = false, lock?: Parameters<typeof createTransport>[0]['lock']) {
  const sent: unknown[] = [];
  const transport = createTransport({
    engine: {
      send: (async (type: string, data: { action?: string; seconds?: number }) => {
        if (fail) throw new Error('engine gone');
        sent.push(type === 'engine.seek' ? ['seek', data.seconds] : ['transport', data.action]);
        return type === 'engine.transport' ? { action: data.action, state: 'playing' } : {};
      }) as never,
    },
    position: computed(() => signal(position).value),
    duration: computed(() => 180),
    lock,
  });
  return { transport, sent };
}

describe('one transport command path', () => {
  it.each([
    ['play-pause', 100, ['transport', 'play-pause']],
    ['panic', 100, ['transport', 'panic']],
    ['next', 100, ['transport', 'next']],
    ['restart', 100, ['seek', 0]],
    ['seek-back', 100, ['seek', 95]],
    ['seek-back', 2, ['seek', 0]],
    ['seek-forward', 100, ['seek', 105]],
    ['seek-forward', 178, ['seek', 180]],
  ] as const)('%s at %ss sends %j', async (command: TransportCommand, position, message) => {
    const { transport, sent } = setup(position);
    expect((await transport.run(command, 'key')).ok).toBe(true);
    expect(sent).toEqual([message]);
  });

  it('keeps the engine acknowledgement with where the command came from', async () => {
    const { transport } = setup(0);
    await transport.run('stop', 'button');
    expect(transport.lastAck.value).toEqual({ action: 'stop', state: 'playing', source: 'button' });
  });

  it('turns a failure into one message, whatever the source, and clears it on the next success', async () => {
    const failing = setup(0, true);
    expect(await failing.transport.run('next', 'key')).toEqual({ ok: false, error: 'Next song failed: engine gone' });
    expect(failing.transport.error.value).toBe('Next song failed: engine gone');
  });

  it('stage lock: while playing, a Next or Stop button needs a second click within the window; Play/Pause acts at once', async () => {
    const { clock, advance } = fakeClock();
    const locked: string[] = [];
    const playing = signal(true);
    const { transport, sent } = setup(0, false, { on: signal(true), playing, onLocked: (c) => locked.push(c), clock });
    expect(await transport.run('next', 'button')).toEqual({ ok: true, ack: null, locked: true });
    advance(1000);
    expect((await transport.run('next', 'button')).ok).toBe(true);
    expect(sent).toEqual([]);
    advance(200);
    await transport.run('next', 'button');
    await transport.run('play-pause', 'button');
    await transport.run('stop', 'key'); // a key was judged by the shortcuts model already
    expect(sent).toEqual([['transport', 'next'], ['transport', 'play-pause'], ['transport', 'stop']]);
    expect(locked).toEqual(['next', 'next']);
    playing.value = false;
    await transport.run('stop', 'button');
    expect(sent.at(-1)).toEqual(['transport', 'stop']);
  });
});
