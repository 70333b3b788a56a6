import { formatTime } from '../../player/components/transport/time';
import type { SectionsModel } from '../model';
import type { MarkerRecord } from '../store';

/** One marker: name, time and an optional tempo/time signature from here on; jump now / on the bar, loop its section, delete. */
export function MarkerRow({ sections, marker }: { sections: SectionsModel; marker: MarkerRecord }) {
  // Both fields are saved together; refused input goes back to what is stored (the notice says why).
  const saveTempo = async (event: Event) => {
    const row = (event.currentTarget as HTMLElement).closest('li')!;
    const bpm = row.querySelector<HTMLInputElement>('.markers__bpm')!;
    const signature = row.querySelector<HTMLInputElement>('.markers__signature')!;
    if (!(await sections.setMarkerTempo(marker.id, bpm.value, signature.value))) {
      bpm.value = marker.bpm === undefined ? '' : String(marker.bpm);
      signature.value = marker.timeSignature ?? '';
    }
  };
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
      <input
        class="markers__bpm"
        aria-label={`${marker.name} BPM from here (empty: unchanged)`}
        placeholder="BPM"
        inputMode="decimal"
        value={marker.bpm ?? ''}
        onChange={(e) => void saveTempo(e)}
      />
      <input
        class="markers__signature"
        aria-label={`${marker.name} time signature from here (empty: unchanged)`}
        placeholder="4/4"
        value={marker.timeSignature ?? ''}
        onChange={(e) => void saveTempo(e)}
      />
      <button type="button" class="button" onClick={() => void sections.jumpTo(marker, 'now')}>Jump now</button>
      <button type="button" class="button" onClick={() => void sections.jumpTo(marker, 'bar')}>Jump on bar</button>
      <button type="button" class="button" onClick={() => void sections.loopSection(marker)}>Loop {marker.name}</button>
      <button type="button" class="button" aria-label={`Delete marker ${marker.name}`} onClick={() => void sections.deleteMarker(marker.id)}>Delete</button>
    </li>
  );
}
