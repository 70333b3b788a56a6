import { DEFAULT_BINDINGS, SHORTCUT_ACTIONS, type Bindings } from './actions';

/** The performer's shortcut bindings and stage lock: kept on the device with the library, so they work offline. */
export interface PerformanceSettings {
  shortcuts: Bindings;
  stageLock: boolean;
}

export const DEFAULT_SETTINGS: PerformanceSettings = { shortcuts: DEFAULT_BINDINGS, stageLock: false };

/** Stored values come from older versions or hand edits: keep what is valid, default the rest. */
export function normalizeSettings(value: unknown): PerformanceSettings {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof PerformanceSettings, unknown>>;
  const shortcuts = (typeof stored.shortcuts === 'object' && stored.shortcuts !== null ? stored.shortcuts : {}) as Record<string, unknown>;
  const isChordList = (v: unknown): v is string[] => Array.isArray(v) && v.every((c) => typeof c === 'string' && c.length > 0);
  return {
    shortcuts: Object.fromEntries(
      SHORTCUT_ACTIONS.map((action) => {
        const chords = shortcuts[action];
        return [action, isChordList(chords) ? [...new Set(chords)] : DEFAULT_BINDINGS[action]];
      }),
    ) as Bindings,
    stageLock: typeof stored.stageLock === 'boolean' ? stored.stageLock : DEFAULT_SETTINGS.stageLock,
  };
}
