import type { ReadonlySignal } from '@preact/signals';

interface Props {
  on: ReadonlySignal<boolean>;
  onChange: (on: boolean) => void;
}

export function StageLockToggle({ on, onChange }: Props) {
  return (
    <div class="stage-lock">
      <label class="stage-lock__label">
        <input type="checkbox" checked={on.value} onChange={(event) => onChange(event.currentTarget.checked)} aria-describedby="stage-lock-help" />
        Stage lock
      </label>
      <p id="stage-lock-help" class="settings__help">
        While a song plays, Next, Previous and Stop keys only work when held for a moment or pressed twice, so a stray pedal tap
        cannot end the song. Play/Pause and Panic stop always work at once.
      </p>
    </div>
  );
}
