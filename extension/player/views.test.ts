import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createViewsModel } from './views';

describe('player views', () => {
  it('lands on the performance view and opens the others', () => {
    const views = createViewsModel({ locked: signal(false) });
    expect(views.current.value).toBe('perform');
    expect(views.open('library')).toBe(true);
    expect(views.current.value).toBe('library');
  });

  it('keeps a locked show on the performance view and returns to the chosen view after', () => {
    const locked = signal(false);
    const views = createViewsModel({ locked });
    views.open('account');
    locked.value = true;
    expect(views.current.value).toBe('perform');
    expect(views.available.value).toEqual(['perform']);
    expect(views.open('settings')).toBe(false);
    expect(views.current.value).toBe('perform');
    locked.value = false;
    expect(views.current.value).toBe('account');
  });

  it('keeps the view over a reload of the tab (session storage), and ignores a stored value it does not know', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    createViewsModel({ locked: signal(false), storage }).open('setlists');
    expect(createViewsModel({ locked: signal(false), storage }).current.value).toBe('setlists');
    store.set('player.view', 'mixer-room');
    expect(createViewsModel({ locked: signal(false), storage }).current.value).toBe('perform');
  });
});
