import type { ComponentChildren } from 'preact';
import type { ReadonlySignal } from '@preact/signals';
import { formatTime } from './time';

interface Props {
  position: ReadonlySignal<number>;
  duration: ReadonlySignal<number>;
  disabled: boolean;
  onSeek: (seconds: number) => void;
  /** Drawn over the bar's own width (the section markers), so a tick sits where the bar would seek. */
  children?: ComponentChildren;
}

/** Elapsed and remaining above one bar with its markers. Arrow keys on the bar move a second, Page Up/Down ten. */
export function SeekBar({ position, duration, disabled, onSeek, children }: Props) {
  const pos = position.value;
  const total = duration.value;
  return (
    <div class="seek">
      <div class="seek__times">
        <span class="seek__time" aria-label="Elapsed">{formatTime(pos)}</span>
        <span class="seek__time seek__time--remaining" aria-label="Remaining">-{formatTime(total - pos)}</span>
      </div>
      <div class="seek__track">
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
          style={{ '--seek-fill': `${total > 0 ? (Math.min(pos, total) / total) * 100 : 0}%` }}
          // change, not input: one seek when the user lets go, not one per pixel of a drag.
          onChange={(e) => onSeek(Number(e.currentTarget.value))}
        />
        {children && <div class="seek__markers">{children}</div>}
      </div>
    </div>
  );
}
