import type { SectionsModel } from '../model';

/** Marker ticks along the seek bar (same width), each a button that jumps there on the next bar. */
export function MarkerStrip({ sections }: { sections: SectionsModel }) {
  const total = sections.duration.value;
  const loop = sections.loop.value;
  if (!total) return null;
  return (
    <div class="markers-strip" aria-label="Markers on the timeline">
      {loop && <span class="markers-strip__loop" style={{ left: `${(loop.startSec / total) * 100}%`, width: `${((loop.endSec - loop.startSec) / total) * 100}%` }} />}
      {sections.markers.value.map((m) => (
        <button
          key={m.id}
          type="button"
          class="markers-strip__tick"
          style={{ left: `${(m.time / total) * 100}%` }}
          title={m.name}
          aria-label={`Jump to ${m.name} on the next bar`}
          onClick={() => void sections.jumpTo(m, 'bar')}
        >
          {m.name}
        </button>
      ))}
    </div>
  );
}
