import type { TracksModel } from '../../../library/tracks-model';
import type { EngineModel } from '../../engine-model';
import { Fader } from './Fader';
import { LevelMeter } from './LevelMeter';
import { Strip } from './Strip';
import './mixer.css';

interface Props {
  live: EngineModel;
  /** The loaded song's tracks as stored (order, colour, group, waveform). */
  tracks: TracksModel;
}

/** The current song's mixer, its strips in the saved track order; every mix change is saved as the song's mix by the engine. */
export function Mixer({ live, tracks }: Props) {
  const song = live.song.value;
  const mix = live.mix.value;
  if (!song || !mix) return null;
  const meters = live.meters.value;
  // The saved order, which the engine only reads when it loads the song again.
  const stored = new Map(tracks.records.value.map((t, i) => [t.id, { ...t, index: i }]));
  const ordered = [...song.tracks].sort((a, b) => (stored.get(a.id)?.index ?? Infinity) - (stored.get(b.id)?.index ?? Infinity));
  return (
    <section class="mixer" aria-label="Mixer">
      <ul class="mixer__strips">
        {ordered.map((track) => {
          const trackMix = mix.tracks[track.id];
          const record = stored.get(track.id);
          return (
            trackMix && (
              <Strip
                key={track.id}
                name={record?.name ?? track.name}
                colour={record?.colour}
                group={record?.group}
                mix={trackMix}
                level={meters?.tracks[track.id]}
                dropouts={live.status.value?.trackDropouts?.[track.id]}
                onChange={(patch) => void live.setTrack(track.id, patch)}
              />
            )
          );
        })}
        <li class="strip strip--master" aria-label="Master">
          <h3 class="strip__name">Master</h3>
          <span class="strip__group">{'\u00a0'}</span>
          <LevelMeter label="Master" level={meters?.master} />
          <Fader label="Master" gainDb={mix.masterGainDb} onChange={(db) => void live.setMaster(db)} />
          <button type="button" class="mixer__reset" onClick={() => void live.resetMix()}>
            Reset mix
          </button>
        </li>
      </ul>
    </section>
  );
}
