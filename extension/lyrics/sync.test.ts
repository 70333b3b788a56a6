import { describe, expect, it } from 'vitest';
import { currentLine, currentWord, linesFromText, nudge, stamp } from './sync';

const lines = [{ time: 1, text: 'a' }, { time: 5, text: 'b' }, { time: null, text: 'c' }, { time: 9, text: 'd' }];

describe('tap-to-sync', () => {
  it('turns pasted text into unstamped lines', () => {
    expect(linesFromText('\uFEFFone\r\n\r\n  two  \nthree')).toEqual([{ time: null, text: 'one' }, { time: null, text: 'two' }, { time: null, text: 'three' }]);
  });

  it('stamps the line with the position and moves to the next', () => {
    const first = stamp(linesFromText('x\ny'), 0, 3.14159);
    expect(first.lines[0]).toEqual({ time: 3.142, text: 'x' });
    expect(first.next).toBe(1);
    expect(stamp(first.lines, 1, 4).lines.map((l) => l.time)).toEqual([3.142, 4]);
  });

  it('ignores a tap past the last line', () => expect(stamp(lines, 4, 1).next).toBe(4));
});

describe('nudge', () => {
  it.each([
    { index: 1, delta: 0.1, time: 5.1 },
    { index: 1, delta: -0.1, time: 4.9 },
    { index: 0, delta: -5, time: 0 },
  ])('moves line $index by $delta', ({ index, delta, time }) => expect(nudge(lines, index, delta)[index]!.time).toBe(time));

  it('leaves unstamped lines alone', () => expect(nudge(lines, 2, 0.1)[2]!.time).toBeNull());
});

describe('currentLine', () => {
  it.each([
    { position: 0, lookAhead: 0, index: -1 },
    { position: 1, lookAhead: 0, index: 0 },
    { position: 4.9, lookAhead: 0, index: 0 },
    { position: 4.9, lookAhead: 0.2, index: 1 },
    { position: 8, lookAhead: 0, index: 1 },
    { position: 100, lookAhead: 0, index: 3 },
  ])('at $position s (look-ahead $lookAhead s) is line $index', ({ position, lookAhead, index }) => expect(currentLine(lines, position, lookAhead)).toBe(index));

  it('follows a seek backwards (a pure function of the position)', () => {
    expect(currentLine(lines, 9.5)).toBe(3);
    expect(currentLine(lines, 1.5)).toBe(0);
  });
});

describe('currentWord', () => {
  const line = { time: 2, text: 'a b', words: [{ time: 2, text: 'a ' }, { time: 2.5, text: 'b' }, { time: 3, text: '' }] };
  it.each([
    { position: 1.9, index: -1 },
    { position: 2, index: 0 },
    { position: 2.49, index: 0 },
    { position: 2.5, index: 1 },
    { position: 3, index: -1 }, // the end stamp: nothing is being sung
  ])('at $position s is word $index', ({ position, index }) => expect(currentWord(line, position)).toBe(index));

  it('is -1 for a plain line or none', () => {
    expect(currentWord({ time: 1, text: 'x' }, 5)).toBe(-1);
    expect(currentWord(undefined, 5)).toBe(-1);
  });

  it('moves with its line when the line is stamped again', () => {
    expect(stamp([line], 0, 4).lines[0]!.words!.map((w) => w.time)).toEqual([4, 4.5, 5]);
  });
});
