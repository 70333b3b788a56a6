/** What an in-player shortcut can do. Transport names match the engine's actions. */
export const SHORTCUT_ACTIONS = ['play-pause', 'stop', 'panic', 'next', 'previous', 'restart', 'seek-back', 'seek-forward', 'add-marker', 'loop', 'show-stage'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

export const ACTION_LABELS: Record<ShortcutAction, string> = {
  'play-pause': 'Play/Pause',
  stop: 'Stop',
  panic: 'Panic stop',
  next: 'Next song',
  previous: 'Previous song',
  restart: 'Back to start',
  'seek-back': 'Back 5 seconds',
  'seek-forward': 'Forward 5 seconds',
  'add-marker': 'Add marker here',
  loop: 'Loop section / release',
  'show-stage': 'Show the performance view',
};

/** Seconds that seek-back and seek-forward move. */
export const SEEK_STEP_SEC = 5;

/** A stray press of these must not end a song: stage lock guards them while playing. */
export const LOCKABLE_ACTIONS: ReadonlySet<ShortcutAction> = new Set(['stop', 'next', 'previous']);

export type Bindings = Record<ShortcutAction, string[]>;

/** Page-turner pedals send arrows or Page Up/Down; Space and Esc are what everyone tries first. */
export const DEFAULT_BINDINGS: Bindings = {
  'play-pause': ['Space'],
  stop: ['S'],
  panic: ['Escape'],
  next: ['ArrowRight', 'PageDown'],
  previous: ['ArrowLeft', 'PageUp'],
  restart: ['Home'],
  'seek-back': ['Shift+ArrowLeft'],
  'seek-forward': ['Shift+ArrowRight'],
  'add-marker': ['M'],
  loop: ['L'],
  'show-stage': ['P'],
};
