import { describe, expect, it } from 'vitest';
import { PlayQueue } from './queue';

const queueOf = (...order: string[]) => {
  const queue = new PlayQueue();
  queue.playFrom(order[0]!, order);
  return queue;
};

describe('PlayQueue order', () => {
  it.each([
    ['b', ['a', 'b', 'c'], ['a', 'b', 'c']],
    ['x', ['a', 'b', 'c'], ['x']],
    ['x', [], ['x']],
  ])('playing %j from %j queues %j', (songId, order, expected) => {
    const queue = new PlayQueue();
    queue.playFrom(songId, order);
    expect(queue.order).toEqual(expected);
    expect(queue.length).toBe(expected.length);
  });

  it('keeps its own copy of the order it was given', () => {
    const order = ['a', 'b'];
    const queue = new PlayQueue();
    queue.playFrom('a', order);
    order.push('c');
    expect(queue.order).toEqual(['a', 'b']);
  });

  it.each([
    [['c', 'a'], 'b', ['b', 'c', 'a']],
    [['c', 'b', 'a'], 'b', ['c', 'b', 'a']],
    [['c', 'a'], undefined, ['c', 'a']],
  ])('reordered to %j while %j plays: %j (the current song stays queued)', (order, currentId, expected) => {
    const queue = queueOf('a', 'b', 'c');
    queue.reorder(order, currentId);
    expect(queue.order).toEqual(expected);
  });
});

describe('PlayQueue next and previous', () => {
  const queue = queueOf('a', 'b', 'c');
  it.each([
    ['a', 'b', undefined],
    ['b', 'c', 'a'],
    ['c', undefined, 'b'],
    // Not queued (no song loaded yet): Next starts from the top, Previous has nowhere to go.
    [undefined, 'a', undefined],
    ['x', 'a', undefined],
  ])('from %j: next %j, previous %j', (songId, next, previous) => {
    expect(queue.next(songId)).toBe(next);
    expect(queue.previous(songId)).toBe(previous);
  });

  it.each([
    ['a', ['b']],
    ['b', ['c', 'a']],
    ['c', ['b']],
    ['x', []],
  ])('prepares the neighbours of %j, the next one first: %j', (songId, expected) => {
    expect(queue.neighbours(songId)).toEqual(expected);
  });

  it('has no neighbours when the song is queued alone', () => {
    expect(queueOf('a').neighbours('a')).toEqual([]);
  });
});

describe('PlayQueue with a song twice', () => {
  /** Moves as the engine does: asks by the playing song's id, switches, then reads its status and arms the segue (a next() it may not follow). */
  function walk(queue: PlayQueue, from: string, steps: ('next' | 'previous')[]): { id: string; index: number }[] {
    let current = from;
    const seen = [{ id: current, index: queue.indexOf(current) }];
    for (const step of steps) {
      const target = step === 'next' ? queue.next(current) : queue.previous(current);
      if (!target) break;
      current = target;
      seen.push({ id: current, index: queue.indexOf(current) });
      queue.neighbours(current);
      queue.next(current);
    }
    return seen;
  }

  it('goes A → B → A → C and back through each entry of [A, B, A, C]', () => {
    const queue = queueOf('A', 'B', 'A', 'C');
    const forth = walk(queue, 'A', ['next', 'next', 'next', 'next']);
    expect(forth).toEqual([
      { id: 'A', index: 0 },
      { id: 'B', index: 1 },
      { id: 'A', index: 2 },
      { id: 'C', index: 3 },
    ]);
    expect(walk(queue, 'C', ['previous', 'previous', 'previous', 'previous'])).toEqual([
      { id: 'C', index: 3 },
      { id: 'A', index: 2 },
      { id: 'B', index: 1 },
      { id: 'A', index: 0 },
    ]);
    expect(walk(queue, 'A', ['next', 'next', 'previous', 'next', 'next']).map((s) => s.index)).toEqual([0, 1, 2, 1, 2, 3]);
  });

  it('starts at the entry asked for, and each entry keeps its own end behaviour', () => {
    const queue = new PlayQueue();
    queue.setEnds([['A', 'segue'], ['B', 'stop'], ['A', 'continue'], ['C', 'stop']]);
    queue.playFrom('A', ['A', 'B', 'A', 'C'], 2);
    expect(queue.indexOf('A')).toBe(2);
    expect(queue.endOf('A')).toBe('continue');
    expect(queue.next('A')).toBe('C');
    expect(queue.previous('A')).toBe('B');
    expect(queue.indexOf('B')).toBe(1);
    expect(queue.previous('B')).toBe('A');
    expect(queue.indexOf('A')).toBe(0);
    expect(queue.endOf('A')).toBe('segue');
    expect(queue.neighbours('A')).toEqual(['B']);
  });

  it('keeps the playing entry through a live reorder', () => {
    const queue = queueOf('A', 'B', 'A', 'C');
    walk(queue, 'A', ['next', 'next']);
    queue.reorder(['B', 'C', 'A', 'A'], 'A');
    expect(queue.indexOf('A')).toBe(2);
    expect(queue.next('A')).toBe('A');
  });
});

describe('PlayQueue end behaviours', () => {
  it('stops at every end unless a setlist says otherwise', () => {
    const queue = queueOf('a', 'b', 'c');
    expect(queue.endOf('a')).toBe('stop');
    queue.setEnds([['a', 'segue'], ['b', 'continue']]);
    expect([queue.endOf('a'), queue.endOf('b'), queue.endOf('c')]).toEqual(['segue', 'continue', 'stop']);
    expect(queue.ends).toEqual({ a: 'segue', b: 'continue' });
    queue.setEnds([]);
    expect(queue.ends).toEqual({});
    expect(queue.endOf('a')).toBe('stop');
  });
});
