import type { EngineModel } from '../../engine-model';
import { Fader } from './Fader';
import { LevelMeter } from './LevelMeter';
import { Strip } from './Strip';
import './mixer.css';

/** The current song's mixer; every change is saved as the song's mix by the engine. */
export function Mixer({ live }: { live: EngineModel }) {
  const song = live.song.value;
  const mix = live.mix.value;
  if (!song || !mix) return null;
  const meters = live.meters.value;
  return (
    <section class="mixer" aria-label="Mixer">
      <ul class="mixer__strips">
        {song.tracks.map((track) => {
          const trackMix = mix.tracks[track.id];
          return (
            trackMix && (
              <Strip
                key={track.id}
                name={track.name}
                mix={trackMix}
                level={meters?.tracks[track.id]}
                onChange={(patch) => void live.setTrack(track.id, patch)}
              />
            )
          );
        })}
        <li class="strip strip--master" aria-label="Master">
          <h3 class="strip__name">Master</h3>
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
