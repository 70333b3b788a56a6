import { computed, signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { ShortcutAction } from '../shortcuts/actions';
import { createShortcutRunner } from './actions';

function setup(position: number) {
  const sent: unknown[] = [];
  const run = createShortcutRunner({
    transport: async (action) => void sent.push(['transport', action]) as never,
    seek: async (seconds) => void sent.push(['seek', seconds]) as never,
    position: computed(() => signal(position).value),
    duration: computed(() => 180),
  });
  return { run, sent };
}

describe('shortcut actions', () => {
  it.each([
    ['play-pause', 100, ['transport', 'play-pause']],
    ['panic', 100, ['transport', 'panic']],
    ['next', 100, ['transport', 'next']],
    ['restart', 100, ['seek', 0]],
    ['seek-back', 100, ['seek', 95]],
    ['seek-back', 2, ['seek', 0]],
    ['seek-forward', 100, ['seek', 105]],
    ['seek-forward', 178, ['seek', 180]],
  ] as const)('%s at %ss sends %j', async (action: ShortcutAction, position, message) => {
    const { run, sent } = setup(position);
    await run(action);
    expect(sent).toEqual([message]);
  });
});
