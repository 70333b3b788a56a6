import type { JSX } from 'preact';
import { useState } from 'preact/hooks';

type StoredInputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onInput' | 'onChange'> & {
  /** What is stored now. */
  value: string | number;
  /** Saves the field; resolves false to show what is stored again (the text was refused, or stored otherwise, e.g. clamped). */
  onCommit: (text: string, input: HTMLInputElement) => Promise<boolean | void>;
};

/**
 * A text field over a stored value. Preact writes a controlled input's `value` into the DOM on every
 * render, so a save that lands while the performer types in the next field (Tab, then type) would wipe
 * what they typed. This field keeps their text until the stored value changes (the save landed) or the
 * save is refused.
 */
export function StoredInput({ value, onCommit, ...rest }: StoredInputProps) {
  const stored = String(value);
  const [draft, setDraft] = useState<{ over: string; text: string } | null>(null);
  const shown = draft && draft.over === stored ? draft.text : stored;
  return (
    <input
      {...rest}
      value={shown}
      onInput={(e) => setDraft({ over: stored, text: e.currentTarget.value })}
      onChange={(e) => {
        const input = e.currentTarget;
        void onCommit(input.value, input).then((saved) => {
          if (saved === false) setDraft(null);
        });
      }}
    />
  );
}
