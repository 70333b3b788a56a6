import { describe, expect, it } from 'vitest';
import type { EngineState } from '../../shared/messages';
import type { EngineClient } from '../engine/client';
import { forwardCommand } from './commands';

function setup(state: EngineState, locked: boolean) {
  const order: string[] = [];
  let restoring: Promise<void> | null = new Promise((resolve) => setTimeout(() => (order.push('restored'), (restoring = null), resolve()), 20));
  const engine = {
    send: async (type: string, data?: { action: string }) => {
      order.push(`send ${type}`);
      if (type === 'engine.status') return { state };
      order.push(data!.action);
      return { action: data!.action, state };
    },
  } as unknown as EngineClient;
  const deps = { ensureEngine: () => restoring ?? Promise.resolve(), readStageLock: async () => (order.push('lock read'), locked) };
  /** What the engine was asked to do, in order ('restored' once the engine is there). */
  const actions = () => order.filter((o) => !o.startsWith('send ') && o !== 'lock read');
  return { order, actions, press: (command: string) => forwardCommand(engine, command, deps) };
}

describe('global commands', () => {
  it('wait for a restore under way, then act once', async () => {
    const { order, press } = setup('playing', false);
    await press('play-pause');
    expect(order).toEqual(['restored', 'send engine.transport', 'play-pause']); // no lock read, no status
  });

  it('an unlocked Next reads the lock while the engine is restored and sends one message, nothing more', async () => {
    const { order, press } = setup('playing', false);
    await press('next');
    expect(order).toEqual(['lock read', 'restored', 'send engine.transport', 'next']);
  });

  it('under the stage lock, a single Next while playing is held back and a second press within the window goes', async () => {
    const { actions, press } = setup('playing', true);
    await press('next');
    await press('play-pause');
    expect(actions()).toEqual(['restored', 'play-pause']);
    await press('next');
    await press('next');
    expect(actions()).toEqual(['restored', 'play-pause', 'next']);
  });

  it.each([
    ['stopped', true],
    ['playing', false],
  ] as const)('acts at once when the engine is %s and the lock is on: %s', async (state, locked) => {
    const { actions, press } = setup(state, locked);
    await press('stop');
    expect(actions()).toEqual(['restored', 'stop']);
  });

  it('ignores commands that are not transport actions', async () => {
    const { order, press } = setup('playing', false);
    await press('_execute_action');
    expect(order).toEqual([]);
  });
});
