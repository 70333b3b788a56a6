import type { ReadonlySignal } from '@preact/signals';
import { formatTime } from '../../player/components/transport/time';
import type { LibraryModel } from '../model';
import type { TrackRecord } from '../store';
import { TrackGroupList, TrackLookFields } from './TrackLookFields';

interface Props {
  tracks: ReadonlySignal<TrackRecord[]>;
  library: Pick<LibraryModel, 'saveTrackName' | 'saveTrackLook' | 'requestDelete'>;
}

/** Track names, groups and colours save when the field is left (change event), like a spreadsheet cell. */
export function TrackList({ tracks, library }: Props) {
  return (
    <div class="tracks">
      <h4>Tracks</h4>
      <ol class="tracks__list">
        {tracks.value.map((track) => (
          <li key={track.id} class="tracks__item">
            <input
              class="tracks__name"
              aria-label={`Name of track ${track.order + 1} (${track.fileName})`}
              value={track.name}
              onChange={(event) => void library.saveTrackName(track.id, event.currentTarget.value)}
            />
            <TrackLookFields track={track} label={`track ${track.order + 1} (${track.name})`} onLook={library.saveTrackLook} />
            <span class="tracks__meta">
              {formatTime(track.durationSec)} · {track.sampleRate / 1000} kHz · {track.channels === 1 ? 'mono' : `${track.channels} ch`}
            </span>
            <button
              type="button"
              class="button button--danger button--small"
              aria-label={`Delete track ${track.name}`}
              onClick={() => library.requestDelete({ kind: 'track', id: track.id, name: track.name })}
            >
              Delete
            </button>
          </li>
        ))}
      </ol>
      <TrackGroupList tracks={tracks.value} />
    </div>
  );
}
