import type { SectionsModel } from '../model';
import { StoredInput } from '../../player/components/StoredInput';

/** The current song's count-in: 0–8 bars, and the click's own fader. */
export function CountInSettings({ sections }: { sections: SectionsModel }) {
  const { countInBars, countInGainDb } = sections.show.value;
  return (
    <fieldset class="count-in">
      <legend>Count-in</legend>
      <label>
        Bars{' '}
        <StoredInput type="number" min={0} max={8} step={1} value={countInBars} onCommit={async (text) => (await sections.setCountIn({ countInBars: Number(text) })) && String(sections.show.value.countInBars) === text} />
      </label>
      <label>
        Click level{' '}
        <input
          type="range"
          min={-40}
          max={6}
          step={1}
          value={countInGainDb}
          aria-valuetext={`${countInGainDb} dB`}
          onChange={(e) => void sections.setCountIn({ countInGainDb: Number(e.currentTarget.value) })}
        />{' '}
        {countInGainDb} dB
      </label>
    </fieldset>
  );
}
