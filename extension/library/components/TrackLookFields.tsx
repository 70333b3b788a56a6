import { DEFAULT_TRACK_COLOUR, groupOptions } from '../track-look';
import type { TrackLook, TrackRecord } from '../store';

/** A track's group and colour, as the track lanes and the song editor both edit them (saved on change). */
export function TrackLookFields({ track, label = track.name, onLook }: { track: TrackRecord; label?: string; onLook: (trackId: string, look: TrackLook) => unknown }) {
  return (
    <>
      <label class="lane__field">
        <span>Group</span>
        <input
          class="lane__group"
          list="track-groups"
          value={track.group ?? ''}
          placeholder="none"
          aria-label={`Group of ${label}`}
          onChange={(event) => void onLook(track.id, { group: event.currentTarget.value })}
        />
      </label>
      <label class="lane__field">
        <span>Colour</span>
        <input
          class="lane__colour"
          type="color"
          value={track.colour ?? DEFAULT_TRACK_COLOUR}
          aria-label={`Colour of ${label}`}
          onChange={(event) => void onLook(track.id, { colour: event.currentTarget.value })}
        />
      </label>
    </>
  );
}

/** The group suggestions for the fields above (one per page view that shows them). */
export function TrackGroupList({ tracks }: { tracks: readonly TrackRecord[] }) {
  return (
    <datalist id="track-groups">
      {groupOptions(tracks).map((g) => (
        <option key={g} value={g} />
      ))}
    </datalist>
  );
}
