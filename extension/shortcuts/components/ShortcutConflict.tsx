import { ACTION_LABELS } from '../actions';
import { describeChord } from '../chords';
import type { ShortcutsModel } from '../model';

/** Shown instead of silently moving a key that is already in use. */
export function ShortcutConflict({ shortcuts }: { shortcuts: Pick<ShortcutsModel, 'conflict' | 'resolveConflict'> }) {
  const conflict = shortcuts.conflict.value;
  if (!conflict) return <div role="alert" />;
  const key = describeChord(conflict.chord);
  const target = ACTION_LABELS[conflict.action];
  return (
    <div class="conflict" role="alert">
      {conflict.owner.kind === 'action' ? (
        <>
          <p>
            {key} is already the key for {ACTION_LABELS[conflict.owner.action]}.
          </p>
          <button type="button" class="button button--primary" onClick={() => void shortcuts.resolveConflict(true)}>
            Use {key} for {target} instead
          </button>
          <button type="button" class="button" onClick={() => void shortcuts.resolveConflict(false)}>
            Keep it for {ACTION_LABELS[conflict.owner.action]}
          </button>
        </>
      ) : (
        <>
          <p>
            {key} is Chrome's shortcut for “{conflict.owner.description}”, so the player never receives it. Choose another key, or
            change Chrome's shortcut below.
          </p>
          <button type="button" class="button" onClick={() => void shortcuts.resolveConflict(false)}>
            OK
          </button>
        </>
      )}
    </div>
  );
}
