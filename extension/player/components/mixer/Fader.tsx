import { MAX_GAIN_DB, MIN_GAIN_DB } from '../../../engine/mix';

const describe = (db: number) => (db <= MIN_GAIN_DB ? 'off' : `${db > 0 ? '+' : ''}${db.toFixed(1)} dB`);

/** A vertical-looking dB fader; input events so the sound follows the drag. */
export function Fader({ label, gainDb, onChange }: { label: string; gainDb: number; onChange: (db: number) => void }) {
  return (
    <label class="fader">
      <input
        class="fader__input"
        type="range"
        aria-label={`${label} volume`}
        aria-valuetext={describe(gainDb)}
        min={MIN_GAIN_DB}
        max={MAX_GAIN_DB}
        step={0.5}
        value={gainDb}
        onInput={(e) => onChange(Number(e.currentTarget.value))}
      />
      <span class="fader__value">{describe(gainDb)}</span>
    </label>
  );
}
