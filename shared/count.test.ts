import { describe, expect, it } from 'vitest';
import { count } from './count';

describe('count', () => {
  it('says "1 song", never "1 songs"', () => {
    expect(count(1, 'song')).toBe('1 song');
    expect(count(0, 'song')).toBe('0 songs');
    expect(count(3, 'song')).toBe('3 songs');
    expect(count(2, 'was', 'were')).toBe('2 were');
  });
});
