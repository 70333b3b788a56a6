import type { StageSettingsModel } from '../model';
import { LIMITS, type StageSettings } from '../settings';
import './stage-settings.css';
import { StoredInput } from '../../player/components/StoredInput';

const SHOW_LABELS: Record<keyof StageSettings['show'], string> = { lyrics: 'Lyrics', lyricWords: 'Sung word in word-timed lyrics', mixer: 'Mixer', nextSong: 'Next song', clock: 'Clock' };
const LOCK_LABELS: Record<keyof StageSettings['lock'], string> = {
  hideEditingWhilePlaying: 'Hide library, lyrics editing, settings and backup while a song plays',
  confirmClose: 'Ask before closing the player while a song plays',
  guardShow: 'Show guard: during a setlist, a song picked in the library plays next instead of stopping the show',
};

/** Theme, type sizes, what the stage view shows and lock options; saved on this device. */
export function StageSettingsPanel({ stage }: { stage: StageSettingsModel }) {
  const s = stage.settings.value;
  // Label, field and unit in columns of their own, so "Lyrics size 48 px" reads as three things.
  const number = (key: keyof typeof LIMITS, label: string, unit: string) => (
    <div class="stage-settings__field">
      <label for={`stage-${key}`}>{label}</label>
      <StoredInput
        id={`stage-${key}`}
        type="number"
        name={key}
        min={LIMITS[key].min}
        max={LIMITS[key].max}
        step={LIMITS[key].step}
        value={s[key]}
        aria-describedby={`stage-${key}-unit`}
        onCommit={async (text) => (await stage.update({ [key]: Number(text) }), String(stage.settings.value[key]) === text)}
      />
      <span id={`stage-${key}-unit`} class="stage-settings__unit">{unit}</span>
    </div>
  );
  return (
    <section class="stage-settings" aria-labelledby="stage-settings-heading">
      <h3 id="stage-settings-heading">Stage view</h3>
      {stage.error.value && <p class="notice notice--error" role="alert">{stage.error.value}</p>}
      <fieldset class="stage-settings__choices">
        <legend>Theme</legend>
        {(['dark', 'light-contrast'] as const).map((theme) => (
          <label key={theme}>
            <input type="radio" name="stage-theme" value={theme} checked={s.theme === theme} onChange={() => void stage.update({ theme })} />
            {theme === 'dark' ? 'Dark stage' : 'High-contrast light'}
          </label>
        ))}
      </fieldset>
      <fieldset class="stage-settings__numbers">
        <legend>Sizes and timing</legend>
        {number('lyricsFontPx', 'Lyrics size', 'px')}
        {number('uiFontPercent', 'Text size', '%')}
        {number('lookAheadMs', 'Lyrics look-ahead', 'ms early')}
        {number('transportFadeMs', 'Transport fade', 'ms (pause, stop, song changes, loops; 0 = hard cut)')}
      </fieldset>
      <fieldset class="stage-settings__choices">
        <legend>Show on stage</legend>
        {(Object.keys(SHOW_LABELS) as (keyof StageSettings['show'])[]).map((key) => (
          <label key={key}>
            <input type="checkbox" checked={s.show[key]} onChange={(e) => void stage.setShow(key, e.currentTarget.checked)} />
            {SHOW_LABELS[key]}
          </label>
        ))}
      </fieldset>
      <fieldset class="stage-settings__choices">
        <legend>Lock during a show</legend>
        {(Object.keys(LOCK_LABELS) as (keyof StageSettings['lock'])[]).map((key) => (
          <label key={key}>
            <input type="checkbox" checked={s.lock[key]} onChange={(e) => void stage.setLock(key, e.currentTarget.checked)} />
            {LOCK_LABELS[key]}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
