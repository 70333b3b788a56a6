import { describe, expect, it } from 'vitest';
import { frameSpan } from './frame-span';

describe('frameSpan', () => {
  it.each([
    // start, frames, expected, end -> gap, skip, take, last
    ['exactly the next frames', 1000, 500, 1000, Infinity, { gap: 0, skip: 0, take: 500, last: false }],
    ['priming before frame 0 is dropped', -1105, 1152, 0, Infinity, { gap: 0, skip: 1105, take: 47, last: false }],
    ['pre-roll wholly before the target', 100, 1024, 2000, Infinity, { gap: 0, skip: 1900, take: 0, last: false }],
    ['a gap becomes silence', 1010, 100, 1000, Infinity, { gap: 10, skip: 0, take: 100, last: false }],
    ['padding past the true end is cut', 220_000, 1152, 220_000, 220_500, { gap: 0, skip: 0, take: 500, last: true }],
    ['a sample wholly past the end', 221_000, 1152, 221_000, 220_500, { gap: 0, skip: 0, take: 0, last: true }],
    ['ends exactly at the end', 219_348, 1152, 219_348, 220_500, { gap: 0, skip: 0, take: 1152, last: true }],
  ])('%s', (_name, start, frames, expected, end, span) => {
    expect(frameSpan(start, frames, expected, end)).toEqual(span);
  });
});
