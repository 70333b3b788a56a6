import { describe, expect, it } from 'vitest';
import { entryIndexOfProgram } from './program-change';

describe('program change to setlist entry', () => {
  it.each([
    [0, 0, 0],
    [4, 0, 4],
    [1, 1, 0],
    [5, 1, 4],
  ] as const)('program %i with first entry at program %i selects entry index %i', (program, base, index) => {
    expect(entryIndexOfProgram(program, base, 10)).toBe(index);
  });

  it('selects nothing past the end of the setlist, or before the first entry', () => {
    expect(entryIndexOfProgram(10, 0, 10)).toBeNull();
    expect(entryIndexOfProgram(0, 1, 10)).toBeNull();
    expect(entryIndexOfProgram(0, 0, 0)).toBeNull();
  });
});
