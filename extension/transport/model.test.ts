import { computed, signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { ShortcutAction } from '../shortcuts/actions';
import { createTransport } from './model';

function setup(position: number, fail = false) {
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
  ] as const)('%s at %ss sends %j', async (command: ShortcutAction, position, message) => {
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
});
