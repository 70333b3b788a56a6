import { computed, signal, type ReadonlySignal } from '@preact/signals';

/** The player's views: the stage's performance view, and the desk work moved out of its way. */
export const VIEWS = ['perform', 'library', 'setlists', 'settings', 'backup', 'account'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_LABELS: Record<ViewId, string> = {
  perform: 'Perform',
  library: 'Library',
  setlists: 'Setlists',
  settings: 'Settings',
  backup: 'Backup',
  account: 'Account',
};

interface ViewsDeps {
  /** A locked show (stage lock's "hide editing" while a song plays): only the performance view. */
  locked: ReadonlySignal<boolean>;
  /** The tab's session storage: a reload keeps the view, a new player tab lands on the performance view. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

const STORAGE_KEY = 'player.view';
const isView = (value: unknown): value is ViewId => VIEWS.includes(value as ViewId);

/** Which view is on screen. The performance view is the landing view and the only one a locked show reaches. */
export function createViewsModel({ locked, storage }: ViewsDeps) {
  const stored = storage?.getItem(STORAGE_KEY);
  const chosen = signal<ViewId>(isView(stored) ? stored : 'perform');
  const current = computed<ViewId>(() => (locked.value ? 'perform' : chosen.value));
  const available = computed<readonly ViewId[]>(() => (locked.value ? ['perform'] : VIEWS));

  /** Returns false (and stays) when the lock keeps the view out of reach. */
  function open(view: ViewId): boolean {
    if (!available.value.includes(view)) return false;
    chosen.value = view;
    storage?.setItem(STORAGE_KEY, view);
    return true;
  }

  return { current, available, locked, open };
}

export type ViewsModel = ReturnType<typeof createViewsModel>;
