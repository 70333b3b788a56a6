import { describe, expect, it } from 'vitest';
import { chordOf, chordOfChromeShortcut, describeChord, isSliderChord, isTextEditingChord } from './chords';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {}) => ({
  key: k, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...mods,
});

describe('chords', () => {
  it.each([
    [key(' '), 'Space'],
    [key('s'), 'S'],
    [key('S', { shiftKey: true }), 'Shift+S'],
    [key('ArrowRight', { shiftKey: true, ctrlKey: true }), 'Ctrl+Shift+ArrowRight'],
    [key('PageDown'), 'PageDown'],
    [key('+', { shiftKey: true }), 'Shift++'],
    [{ ...key('!', { shiftKey: true, ctrlKey: true }), code: 'Digit1' }, 'Ctrl+Shift+1'],
    [key('Shift', { shiftKey: true }), null],
    [key('Dead'), null],
  ])('%o is %s', (event, chord) => {
    expect(chordOf(event)).toBe(chord);
  });

  it.each([
    ['Ctrl+Shift+1', 'Ctrl+Shift+1'],
    ['Shift+Alt+P', 'Alt+Shift+P'],
    ['Command+Shift+1', 'Shift+Meta+1'],
    ['', null],
  ])('Chrome shortcut %j is %s', (shortcut, chord) => {
    expect(chordOfChromeShortcut(shortcut)).toBe(chord);
  });

  it.each([
    ['ArrowRight', 'Right Arrow'],
    ['Shift+ArrowLeft', 'Shift+Left Arrow'],
    ['PageDown', 'Page Down'],
    ['Escape', 'Esc'],
    ['Shift++', 'Shift++'],
    ['+', '+'],
  ])('%s reads as %s', (chord, text) => {
    expect(describeChord(chord)).toBe(text);
  });

  it.each([
    ['Space', true],
    ['S', true],
    ['Shift+ArrowLeft', true],
    ['PageDown', false],
    ['Escape', false],
    ['Ctrl+S', false],
    ['Shift+Meta+A', false],
  ])('%s is text editing: %s', (chord, expected) => {
    expect(isTextEditingChord(chord)).toBe(expected);
  });

  it.each([
    ['ArrowRight', true],
    ['Shift+ArrowLeft', true],
    ['PageDown', true],
    ['Home', true],
    ['Space', false],
    ['Escape', false],
    ['Ctrl+ArrowRight', false],
  ])('%s stays with a focused slider: %s', (chord, expected) => {
    expect(isSliderChord(chord)).toBe(expected);
  });
});
