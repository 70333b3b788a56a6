import type { ReadonlySignal } from '@preact/signals';
import { useRef, useState } from 'preact/hooks';
import { TrackGroupList, TrackLookFields } from '../../../library/components/TrackLookFields';
import type { TracksModel } from '../../../library/tracks-model';
import type { MarkerRecord } from '../../../sections/store';
import { Waveform } from '../../../waveform/Waveform';

interface Props {
  tracks: TracksModel;
  markers: ReadonlySignal<MarkerRecord[]>;
  position: ReadonlySignal<number>;
  songSec: number;
  onSeek: (seconds: number) => void;
}

const DRAG_SLOP_PX = 4;

/** Where a lane dropped at `y` lands: after every other lane whose middle is above it. */
function dropIndex(list: HTMLElement, draggedId: string, y: number): number {
  const others = [...list.querySelectorAll<HTMLElement>(':scope > .lane')].filter((lane) => lane.dataset.trackId !== draggedId);
  return others.filter((lane) => {
    const r = lane.getBoundingClientRect();
    return r.top + r.height / 2 < y;
  }).length;
}

const focusHandle = (list: HTMLElement | null, trackId: string) =>
  requestAnimationFrame(() => list?.querySelector<HTMLElement>(`.lane[data-track-id="${CSS.escape(trackId)}"] .lane__handle`)?.focus());

/**
 * The loaded song's tracks in order: drag a lane by its handle, or Alt+Up/Down (or the arrow
 * buttons) on a focused lane, to reorder; each lane sets its track's group and colour and shows
 * its waveform with the section markers and the play head.
 */
export function TrackLanes({ tracks, markers, position, songSec, onSeek }: Props) {
  const list = useRef<HTMLOListElement>(null);
  const drag = useRef<{ id: string; pointerId: number; y: number; moved: boolean } | null>(null);
  const [dropAt, setDropAt] = useState<{ id: string; index: number } | null>(null);
  const records = tracks.records.value;
  // While dragging: the lane the dragged one would land before (or after, at the end).
  const others = dropAt ? records.filter((t) => t.id !== dropAt.id) : [];
  const before = dropAt && others[dropAt.index]?.id;
  const after = dropAt && dropAt.index >= others.length && others.at(-1)?.id;
  const laneClass = (id: string) =>
    ['lane', dropAt?.id === id && 'lane--dragging', before === id && 'lane--drop-before', after === id && 'lane--drop-after'].filter(Boolean).join(' ');

  const move = async (trackId: string, to: number) => {
    await tracks.moveTo(trackId, to);
    focusHandle(list.current, trackId);
  };
  const onPointerDown = (trackId: string) => (event: PointerEvent) => {
    if (event.button !== 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    drag.current = { id: trackId, pointerId: event.pointerId, y: event.clientY, moved: false };
  };
  const onPointerMove = (event: PointerEvent) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId || !list.current) return;
    if (!d.moved && Math.abs(event.clientY - d.y) < DRAG_SLOP_PX) return;
    d.moved = true;
    setDropAt({ id: d.id, index: dropIndex(list.current, d.id, event.clientY) });
  };
  const onPointerUp = (event: PointerEvent) => {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    drag.current = null;
    setDropAt(null);
    if (d.moved && list.current) void move(d.id, dropIndex(list.current, d.id, event.clientY));
  };

  return (
    <div class="lanes">
      <h3 class="lanes__title">Tracks</h3>
      <ol class="lanes__list" ref={list} aria-describedby="lanes-help">
        {records.map((track, index) => (
          <li
            key={track.id}
            class={laneClass(track.id)}
            data-track-id={track.id}
            style={track.colour ? { borderLeftColor: track.colour } : undefined}
            onKeyDown={(event) => {
              if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
              event.preventDefault();
              void move(track.id, index + (event.key === 'ArrowUp' ? -1 : 1));
            }}
          >
            <button
              type="button"
              class="lane__handle"
              aria-label={`${track.name}, track ${index + 1} of ${records.length}: drag or press Alt+Up or Alt+Down to move`}
              onPointerDown={onPointerDown(track.id)}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
            >
              <span aria-hidden="true">⠿</span> {track.name}
            </button>
            <div class="lane__moves">
              <button type="button" aria-label={`Move ${track.name} up`} disabled={index === 0} onClick={() => void move(track.id, index - 1)}>
                ↑
              </button>
              <button type="button" aria-label={`Move ${track.name} down`} disabled={index === records.length - 1} onClick={() => void move(track.id, index + 1)}>
                ↓
              </button>
            </div>
            <TrackLookFields track={track} onLook={tracks.setLook} />
            <Waveform
              name={track.name}
              peaks={track.peaks instanceof Int8Array ? track.peaks : undefined}
              failed={tracks.peaksFailed.value.has(track.id)}
              colour={track.colour}
              trackSec={track.durationSec}
              songSec={songSec}
              markers={markers.value}
              position={position}
              onSeek={onSeek}
            />
          </li>
        ))}
      </ol>
      <TrackGroupList tracks={records} />
      <p id="lanes-help" class="lanes__help">
        Drag a track by its name, or focus it and press Alt+Up or Alt+Down. Click a waveform to go there.
      </p>
      <p class="lanes__live" aria-live="polite">
        {tracks.announcement.value}
      </p>
      {tracks.notice.value && (
        <p class="lanes__notice" role="alert">
          {tracks.notice.value}
        </p>
      )}
    </div>
  );
}
