import type { ComponentChildren } from 'preact';
import type { ViewId } from '../../views';

/** One view's tab panel. Views off screen stay mounted (hidden), so a half-typed form survives a look at the stage. */
export function ViewPanel({ id, active, children }: { id: ViewId; active: boolean; children: ComponentChildren }) {
  return (
    <div class={`view view--${id}`} role="tabpanel" id={`view-${id}`} aria-labelledby={`tab-${id}`} hidden={!active} data-view={id}>
      {children}
    </div>
  );
}
