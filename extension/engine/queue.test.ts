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
