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
});
