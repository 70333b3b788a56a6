import { MAX_GAIN_DB, MIN_GAIN_DB } from '../../../engine/mix';
import { DragRange } from './DragRange';

const describe = (db: number) => (db <= MIN_GAIN_DB ? 'off' : `${db > 0 ? '+' : ''}${db.toFixed(1)} dB`);

/** A dB fader with its name and level on screen; input events so the sound follows the drag. */
export function Fader({ label, gainDb, onChange }: { label: string; gainDb: number; onChange: (db: number) => void }) {
  return (
    <label class="fader">
      <span class="fader__label">Volume</span>
      <DragRange
        class="fader__input"
        label={`${label} volume`}
        valueText={describe(gainDb)}
        min={MIN_GAIN_DB}
        max={MAX_GAIN_DB}
        step={0.5}
        value={gainDb}
        onChange={onChange}
        onReset={() => onChange(0)}
      />
      <span class="fader__value">{describe(gainDb)}</span>
    </label>
  );
}
