import type { ReadonlySignal } from '@preact/signals';
import { formatTime } from './time';

interface Props {
  position: ReadonlySignal<number>;
  duration: ReadonlySignal<number>;
  disabled: boolean;
  onSeek: (seconds: number) => void;
}

/** Elapsed | bar | remaining. Arrow keys on the bar move a second, Page Up/Down ten. */
export function SeekBar({ position, duration, disabled, onSeek }: Props) {
  const pos = position.value;
  const total = duration.value;
  return (
    <div class="seek">
      <span class="seek__time" aria-label="Elapsed">{formatTime(pos)}</span>
      <input
        class="seek__bar"
        type="range"
        aria-label="Position"
        aria-valuetext={`${formatTime(pos)} of ${formatTime(total)}`}
        min={0}
        max={Math.max(total, 0.1)}
        step={0.1}
        value={pos}
        disabled={disabled}
        // change, not input: one seek when the user lets go, not one per pixel of a drag.
        onChange={(e) => onSeek(Number(e.currentTarget.value))}
      />
      <span class="seek__time" aria-label="Remaining">-{formatTime(total - pos)}</span>
    </div>
  );
}
