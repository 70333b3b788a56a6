import { StoredInput } from '../../player/components/StoredInput';
import { formatTime } from '../../player/components/transport/time';
import type { SectionsModel } from '../model';
import type { MarkerRecord } from '../store';

/** One marker: name, time and an optional tempo/time signature from here on; jump now / on the bar, loop its section, delete. */
export function MarkerRow({ sections, marker }: { sections: SectionsModel; marker: MarkerRecord }) {
  // Both fields are saved together (the other one as the performer left it, saved or not).
  const saveTempo = (input: HTMLInputElement) => {
    const row = input.closest('li')!;
    const bpm = row.querySelector<HTMLInputElement>('.markers__bpm')!.value;
    const signature = row.querySelector<HTMLInputElement>('.markers__signature')!.value;
    return sections.setMarkerTempo(marker.id, bpm, signature);
  };
  return (
    <li class="markers__row">
      <StoredInput aria-label="Marker name" value={marker.name} list="section-names" onCommit={(text) => sections.renameMarker(marker.id, text)} />
      <StoredInput
        aria-label={`${marker.name} time in seconds`}
        type="number"
        min={0}
        step={0.01}
        value={marker.time}
        onCommit={(text) => sections.moveMarker(marker.id, Number(text))}
      />
      <span class="markers__time">{formatTime(marker.time)}</span>
      <StoredInput
        class="markers__bpm"
        aria-label={`${marker.name} BPM from here (empty: unchanged)`}
        placeholder="BPM"
        inputMode="decimal"
        value={marker.bpm ?? ''}
        onCommit={(_, input) => saveTempo(input)}
      />
      <StoredInput
        class="markers__signature"
        aria-label={`${marker.name} time signature from here (empty: unchanged)`}
        placeholder="4/4"
        value={marker.timeSignature ?? ''}
        onCommit={(_, input) => saveTempo(input)}
      />
      <button type="button" class="button" onClick={() => void sections.jumpTo(marker, 'now')}>Jump now</button>
      <button type="button" class="button" onClick={() => void sections.jumpTo(marker, 'bar')}>Jump on bar</button>
      <button type="button" class="button" onClick={() => void sections.loopSection(marker)}>Loop {marker.name}</button>
      <button type="button" class="button" aria-label={`Delete marker ${marker.name}`} onClick={() => void sections.deleteMarker(marker.id)}>Delete</button>
    </li>
  );
}
