import type { Level, TrackMixView } from '../../../../shared/messages';
import { Fader } from './Fader';
import { LevelMeter } from './LevelMeter';

interface Props {
  name: string;
  mix: TrackMixView;
  level: Level | undefined;
  onChange: (patch: Partial<TrackMixView>) => void;
}

const panText = (pan: number) => (Math.abs(pan) < 0.01 ? 'centre' : `${Math.round(Math.abs(pan) * 100)}% ${pan < 0 ? 'left' : 'right'}`);

/** One track: meter, fader, pan, mute and solo. */
export function Strip({ name, mix, level, onChange }: Props) {
  return (
    <li class={`strip${mix.mute ? ' strip--muted' : ''}`} aria-label={name}>
      <h3 class="strip__name">{name}</h3>
      <LevelMeter label={name} level={level} />
      <Fader label={name} gainDb={mix.gainDb} onChange={(gainDb) => onChange({ gainDb })} />
      <input
        class="strip__pan"
        type="range"
        aria-label={`${name} pan`}
        aria-valuetext={panText(mix.pan)}
        min={-1}
        max={1}
        step={0.05}
        value={mix.pan}
        onInput={(e) => onChange({ pan: Number(e.currentTarget.value) })}
        onDblClick={() => onChange({ pan: 0 })}
      />
      <div class="strip__toggles">
        <button type="button" class="strip__mute" aria-pressed={mix.mute} aria-label={`Mute ${name}`} onClick={() => onChange({ mute: !mix.mute })}>
          M
        </button>
        <button type="button" class="strip__solo" aria-pressed={mix.solo} aria-label={`Solo ${name}`} onClick={() => onChange({ solo: !mix.solo })}>
          S
        </button>
      </div>
    </li>
  );
}
