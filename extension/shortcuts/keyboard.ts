import { chordOf, isSliderChord, isTextEditingChord, keyOfChord } from './chords';
import type { ShortcutsModel } from './model';

/** The pedal test (midi/pedal-test.ts): while open, it sees every key press instead of the shortcuts. */
export interface KeyInspector {
  open: { readonly value: boolean };
  key: (event: KeyboardEvent) => void;
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color'].includes(target.type);
}

function isSlider(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement && target.type === 'range';
}

/**
 * Routes the page's key presses to the shortcuts. Left alone: keys a focused text field
 * needs for typing, the arrows, Home/End and Page keys of a focused slider (Right on a fader
 * moves the fader, not to the next song), and everything inside an open modal dialog (it owns Esc and Enter).
 * Our keys' defaults are prevented, so Space on a focused button plays instead of clicking it.
 */
export function listenForShortcuts(target: Window, shortcuts: Pick<ShortcutsModel, 'keyDown' | 'keyUp'>, inspector?: KeyInspector): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (inspector?.open.value) {
      inspector.key(event);
      // Nothing runs. Tab still moves the focus, and a focused control keeps its keys (Enter or
      // Space on "Close pedal test" closes it); other keys do not scroll the page meanwhile.
      const control = event.target instanceof HTMLButtonElement || event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
      if (event.key !== 'Tab' && !control) event.preventDefault();
      return;
    }
    const chord = chordOf(event);
    if (!chord) return;
    if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
    if (isTextField(event.target) && isTextEditingChord(chord)) return;
    if (isSlider(event.target) && isSliderChord(chord)) return;
    if (shortcuts.keyDown(chord, event.repeat)) event.preventDefault();
  };
  const onKeyUp = (event: KeyboardEvent) => {
    const chord = chordOf(event);
    if (chord) shortcuts.keyUp(keyOfChord(chord).key);
  };
  target.addEventListener('keydown', onKeyDown);
  target.addEventListener('keyup', onKeyUp);
  return () => {
    target.removeEventListener('keydown', onKeyDown);
    target.removeEventListener('keyup', onKeyUp);
  };
}
