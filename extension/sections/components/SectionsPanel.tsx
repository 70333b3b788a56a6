import { SECTION_NAMES } from '../markers';
import type { SectionsModel } from '../model';
import { CountInSettings } from './CountInSettings';
import { MarkerRow } from './MarkerRow';
import './sections.css';

/** Sections of the current song: markers (M stamps one), loops (L), count-in. */
export function SectionsPanel({ sections }: { sections: SectionsModel }) {
  if (!sections.songId.value) return null;
  const loop = sections.loop.value;
  return (
    <section class="markers" aria-label="Sections">
      <h2>Sections</h2>
      <div class="markers__actions">
        <button type="button" class="button" onClick={() => void sections.addMarker()}>Add marker here (M)</button>
        {loop && (
          <button type="button" class="button button--danger" onClick={() => void sections.releaseLoop()}>
            Release loop (L)
          </button>
        )}
      </div>
      {sections.notice.value && <p role="alert">{sections.notice.value}</p>}
      <datalist id="section-names">
        {SECTION_NAMES.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <ul class="markers__list" aria-label="Markers">
        {sections.markers.value.map((m) => (
          <MarkerRow key={m.id} sections={sections} marker={m} />
        ))}
      </ul>
      <CountInSettings sections={sections} />
    </section>
  );
}
