import { describe, expect, it } from 'vitest';
import { DEFAULT_BINDINGS } from './actions';
import { actionFor, bind, conflictOf, unbind } from './bindings';

const chrome = new Map([['Ctrl+Shift+1', 'Play or pause']]);

describe('bindings', () => {
  it('finds the action of a chord', () => {
    expect(actionFor(DEFAULT_BINDINGS, 'PageDown')).toBe('next');
    expect(actionFor(DEFAULT_BINDINGS, 'Q')).toBeUndefined();
  });

  it.each([
    ['a free key', 'next', 'N', null],
    ['its own key', 'next', 'PageDown', null],
    ["another action's key", 'next', 'Space', { kind: 'action', action: 'play-pause' }],
    ["a Chrome command's key", 'stop', 'Ctrl+Shift+1', { kind: 'chrome', description: 'Play or pause' }],
  ] as const)('adding %s conflicts with %o', (_, action, chord, owner) => {
    expect(conflictOf(DEFAULT_BINDINGS, action, chord, chrome)).toEqual(owner);
  });

  it('moves a chord to its new action, and removes it', () => {
    const moved = bind(DEFAULT_BINDINGS, 'stop', 'Space');
    expect(moved['play-pause']).toEqual([]);
    expect(moved.stop).toEqual(['S', 'Space']);
    expect(unbind(moved, 'Space').stop).toEqual(['S']);
  });
});
