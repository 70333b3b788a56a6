import { formatTime } from '../../player/components/transport/time';
import type { SectionsModel } from '../model';
import type { MarkerRecord } from '../store';

/** One marker: name and time editable, jump now / on the bar, loop its section, delete. */
export function MarkerRow({ sections, marker }: { sections: SectionsModel; marker: MarkerRecord }) {
  return (
    <li class="markers__row">
      <input aria-label="Marker name" value={marker.name} list="section-names" onChange={(e) => void sections.renameMarker(marker.id, e.currentTarget.value)} />
      <input
        aria-label={`${marker.name} time in seconds`}
        type="number"
        min={0}
        step={0.01}
        value={marker.time}
        onChange={(e) => void sections.moveMarker(marker.id, Number(e.currentTarget.value))}
      />
      <span class="markers__time">{formatTime(marker.time)}</span>
      <button type="button" class="button" onClick={() => void sections.jumpTo(marker, 'now')}>Jump now</button>
      <button type="button" class="button" onClick={() => void sections.jumpTo(marker, 'bar')}>Jump on bar</button>
      <button type="button" class="button" onClick={() => void sections.loopSection(marker)}>Loop {marker.name}</button>
      <button type="button" class="button" aria-label={`Delete marker ${marker.name}`} onClick={() => void sections.deleteMarker(marker.id)}>Delete</button>
    </li>
  );
}
