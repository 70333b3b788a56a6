import { describe, expect, it } from 'vitest';
import { DEFAULT_BINDINGS } from './actions';
import { DEFAULT_MIDI, DEFAULT_SETTINGS, normalizeSettings } from './settings';

describe('performance settings', () => {
  it.each([undefined, null, 'junk', 42])('defaults everything for %j', (stored) => {
    expect(normalizeSettings(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid values and defaults the rest', () => {
    const stored = { stageLock: true, shortcuts: { next: ['N', 'N'], stop: 'S', unknown: ['X'], panic: [] } };
    expect(normalizeSettings(stored)).toEqual({
      stageLock: true,
      shortcuts: { ...DEFAULT_BINDINGS, next: ['N'], panic: [] },
      midi: DEFAULT_MIDI,
    });
  });

  it('keeps learned MIDI triggers and options, defaulting what an older or damaged record lacks', () => {
    const stored = { midi: { enabled: true, bindings: { 'play-pause': ['cc:1:64'], next: 'x' }, programBase: 1, outputId: 7 } };
    expect(normalizeSettings(stored).midi).toEqual({
      enabled: true,
      bindings: { ...DEFAULT_MIDI.bindings, 'play-pause': ['cc:1:64'] },
      programJump: true,
      programBase: 1,
      outputId: null,
    });
  });
});
