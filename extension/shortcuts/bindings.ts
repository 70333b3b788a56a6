import { SHORTCUT_ACTIONS, type Bindings, type ShortcutAction } from './actions';

/** Who else uses a chord: another in-player action, or one of Chrome's command shortcuts. */
export type ChordOwner = { kind: 'action'; action: ShortcutAction } | { kind: 'chrome'; description: string };

export function actionFor(bindings: Bindings, chord: string): ShortcutAction | undefined {
  return SHORTCUT_ACTIONS.find((action) => bindings[action].includes(chord));
}

/**
 * Why `chord` cannot simply be added to `action`, or null. A Chrome command's key never
 * reaches the page (Chrome takes it first), so it is a conflict too.
 */
export function conflictOf(
  bindings: Bindings,
  action: ShortcutAction,
  chord: string,
  chromeChords: ReadonlyMap<string, string>,
): ChordOwner | null {
  const chromeOwner = chromeChords.get(chord);
  if (chromeOwner) return { kind: 'chrome', description: chromeOwner };
  const owner = actionFor(bindings, chord);
  return owner && owner !== action ? { kind: 'action', action: owner } : null;
}

/** Adds the chord to `action`, taking it away from any other action. */
export function bind(bindings: Bindings, action: ShortcutAction, chord: string): Bindings {
  const next = unbind(bindings, chord);
  return { ...next, [action]: [...next[action], chord] };
}

export function unbind(bindings: Bindings, chord: string): Bindings {
  return Object.fromEntries(SHORTCUT_ACTIONS.map((a) => [a, bindings[a].filter((c) => c !== chord)])) as Bindings;
}
