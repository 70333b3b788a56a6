import { VIEW_LABELS, type ViewId, type ViewsModel } from '../../views';
import '../buttons.css';
import './views.css';

/**
 * The view tabs (WAI-ARIA tabs, automatic activation): Tab reaches the current tab, the arrows,
 * Home and End move between tabs. A locked show offers only the performance view.
 */
export function TabBar({ views }: { views: ViewsModel }) {
  const tabs = views.available.value;
  const current = views.current.value;
  const go = (view: ViewId) => {
    if (!views.open(view)) return;
    document.getElementById(`tab-${view}`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const at = tabs.indexOf(current);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    // Handled here, so the window's shortcuts (ArrowRight = next song) leave it alone.
    event.preventDefault();
    go(tabs[(to + tabs.length) % tabs.length]!);
  };
  return (
    <nav class="tabs-nav" aria-label="Views">
      <div class="tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
        {tabs.map((view) => (
          <button
            key={view}
            type="button"
            role="tab"
            id={`tab-${view}`}
            class="tabs__tab"
            aria-selected={view === current}
            aria-controls={`view-${view}`}
            tabIndex={view === current ? 0 : -1}
            onClick={() => go(view)}
          >
            {VIEW_LABELS[view]}
          </button>
        ))}
      </div>
      {views.locked.value && <p class="tabs__locked">Stage lock: other views return when the song stops.</p>}
    </nav>
  );
}
