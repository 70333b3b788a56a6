import { describe, expect, it } from 'vitest';
import { detailsOfForm, type SongForm } from './song-form';

const form: SongForm = { title: 'Oceans', artist: 'Hillsong', key: ' D ', bpm: '66', timeSignature: '6/8', tags: 'worship, slow', notes: 'Capo 2' };

describe('song form', () => {
  it('parses the fields', () => {
    expect(detailsOfForm(form)).toEqual({
      title: 'Oceans', artist: 'Hillsong', key: 'D', bpm: 66, timeSignature: '6/8', tags: ['worship', ' slow'], notes: 'Capo 2',
    });
    expect(detailsOfForm({ ...form, bpm: ' ' })).toMatchObject({ bpm: null });
  });

  it.each([
    [{ bpm: 'fast' }, 'BPM must be a number from 20 to 400, or empty.'],
    [{ bpm: '900' }, 'BPM must be a number from 20 to 400, or empty.'],
    [{ timeSignature: 'four' }, 'Time signature looks like 4/4 or 6/8.'],
    [{ title: ' ' }, 'A song needs a title.'],
  ])('refuses %o', (change, message) => {
    expect(detailsOfForm({ ...form, ...change })).toBe(message);
  });
});
