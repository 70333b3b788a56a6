import { ACTION_LABELS } from '../actions';
import { describeTrigger } from '../../midi/messages';
import { describeChord } from '../chords';
import type { ShortcutsModel } from '../model';

/** Shown instead of silently moving a key that is already in use. */
export function ShortcutConflict({ shortcuts, source = 'key' }: { shortcuts: Pick<ShortcutsModel, 'conflict' | 'resolveConflict'>; source?: 'key' | 'midi' }) {
  const conflict = shortcuts.conflict.value;
  if (!conflict || conflict.source !== source) return <div role="alert" />;
  const key = conflict.source === 'midi' ? describeTrigger(conflict.chord) : describeChord(conflict.chord);
  const target = ACTION_LABELS[conflict.action];
  return (
    <div class="conflict" role="alert">
      {conflict.owner.kind === 'action' ? (
        <>
          <p>
            {key} is already the {conflict.source === 'midi' ? 'MIDI trigger' : 'key'} for {ACTION_LABELS[conflict.owner.action]}.
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
