import { describe, expect, it } from 'vitest';
import { DEFAULT_BINDINGS } from './actions';
import { DEFAULT_SETTINGS, normalizeSettings } from './settings';

describe('performance settings', () => {
  it.each([undefined, null, 'junk', 42])('defaults everything for %j', (stored) => {
    expect(normalizeSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid values and defaults the rest', () => {
    const stored = { stageLock: true, shortcuts: { next: ['N', 'N'], stop: 'S', unknown: ['X'], panic: [] } };
    expect(normalizeSettings(stored)).toEqual({
      stageLock: true,
      shortcuts: { ...DEFAULT_BINDINGS, next: ['N'], panic: [] },
    });
  });
});
