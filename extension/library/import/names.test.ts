import { describe, expect, it } from 'vitest';
import { baseName, namesFromFiles } from './names';

describe('names from files', () => {
  it.each([
    ['drums.wav', 'drums'],
    ['Lead Vox.final.flac', 'Lead Vox.final'],
    ['.hidden', '.hidden'],
    ['noext', 'noext'],
  ])('base name of %s is %s', (file, base) => {
    expect(baseName(file)).toBe(base);
  });

  it.each([
    {
      files: ['Amazing Grace - Drums.wav', 'Amazing Grace - Bass.wav'],
      title: 'Amazing Grace',
      tracks: ['Drums', 'Bass'],
    },
    { files: ['song_drums.mp3', 'song_bass.mp3', 'song_keys.mp3'], title: 'song', tracks: ['drums', 'bass', 'keys'] },
    // "Bass" and "Backing" share "Ba", which is not a whole word: nothing is cut.
    { files: ['Bass.wav', 'Backing.wav'], title: 'Bass', tracks: ['Bass', 'Backing'] },
    { files: ['Click.wav'], title: 'Click', tracks: ['Click'] },
    // A name that is all prefix keeps its full name.
    { files: ['Song - .wav', 'Song - Keys.wav'], title: 'Song', tracks: ['Song -', 'Keys'] },
  ])('$files → "$title" with $tracks', ({ files, title, tracks }) => {
    expect(namesFromFiles(files)).toEqual({ title, trackNames: tracks });
  });
});
