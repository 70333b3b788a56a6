import { describe, expect, it } from 'vitest';
import type { EngineState } from '../../shared/messages';
import type { EngineClient } from '../engine/client';
import { forwardCommand } from './commands';

function setup(state: EngineState, locked: boolean) {
  const order: string[] = [];
  let restoring: Promise<void> | null = new Promise((resolve) => setTimeout(() => (order.push('restored'), (restoring = null), resolve()), 20));
  const engine = {
    send: async (type: string, data?: { action: string }) => {
      if (type === 'engine.status') return { state };
      order.push(data!.action);
      return { action: data!.action, state };
    },
  } as unknown as EngineClient;
  const deps = { ensureEngine: () => restoring ?? Promise.resolve(), readStageLock: async () => locked };
  return { order, press: (command: string) => forwardCommand(engine, command, deps) };
}

describe('global commands', () => {
  it('wait for a restore under way, then act once', async () => {
    const { order, press } = setup('playing', false);
    await press('play-pause');
    expect(order).toEqual(['restored', 'play-pause']);
  });

  it('under the stage lock, a single Next while playing is held back and a second press within the window goes', async () => {
    const { order, press } = setup('playing', true);
    await press('next');
    await press('play-pause');
    expect(order).toEqual(['restored', 'play-pause']);
    await press('next');
    await press('next');
    expect(order).toEqual(['restored', 'play-pause', 'next']);
  });

  it.each([
    ['stopped', true],
    ['playing', false],
  ] as const)('acts at once when the engine is %s and the lock is on: %s', async (state, locked) => {
    const { order, press } = setup(state, locked);
    await press('stop');
    expect(order).toEqual(['restored', 'stop']);
  });

  it('ignores commands that are not transport actions', async () => {
    const { order, press } = setup('playing', false);
    await press('_execute_action');
    expect(order).toEqual([]);
  });
});
