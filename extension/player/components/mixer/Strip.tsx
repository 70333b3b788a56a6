import type { Level, TrackDropouts, TrackMixView } from '../../../../shared/messages';
import { trackTrouble } from '../../dropouts';
import { DragRange } from './DragRange';
import { Fader } from './Fader';
import { LevelMeter } from './LevelMeter';

interface Props {
  name: string;
  mix: TrackMixView;
  level: Level | undefined;
  colour: string | undefined;
  group: string | undefined;
  /** This track's dropouts in the current song, if it had any. */
  dropouts?: TrackDropouts | undefined;
  onChange: (patch: Partial<TrackMixView>) => void;
}

const panText = (pan: number) => (Math.abs(pan) < 0.01 ? 'centre' : `${Math.round(Math.abs(pan) * 100)}% ${pan < 0 ? 'left' : 'right'}`);

/** One track: group, meter, fader, pan, mute and solo, edged in the track's colour. */
export function Strip({ name, mix, level, colour, group, dropouts, onChange }: Props) {
  const trouble = dropouts && trackTrouble(dropouts);
  return (
    <li class={`strip${mix.mute ? ' strip--muted' : ''}`} aria-label={name} style={colour ? { borderTopColor: colour } : undefined}>
      <h3 class="strip__name" title={name}>
        {name}
      </h3>
      <span class="strip__group">{group || '\u00a0'}</span>
      {trouble && (
        <span class="strip__dropouts" role="status" aria-label={`${name}: ${trouble}`} title={`${name}: ${trouble}`}>
          ⚠ {dropouts!.underruns + dropouts!.decodeErrors}
        </span>
      )}
      <LevelMeter label={name} level={level} />
      <Fader label={name} gainDb={mix.gainDb} onChange={(gainDb) => onChange({ gainDb })} />
      <label class="fader">
        <span class="fader__label">Pan</span>
        <DragRange
          class="strip__pan"
          label={`${name} pan`}
          valueText={panText(mix.pan)}
          min={-1}
          max={1}
          step={0.05}
          value={mix.pan}
          onChange={(pan) => onChange({ pan })}
          onReset={() => onChange({ pan: 0 })}
        />
        <span class="fader__value">{panText(mix.pan)}</span>
      </label>
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
