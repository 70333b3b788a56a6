import { describe, expect, it } from 'vitest';
import { fromFileList, groupIntoSongs } from './sources';

const file = (name: string, relativePath = '') => {
  const f = new File(['x'], name);
  Object.defineProperty(f, 'webkitRelativePath', { value: relativePath });
  return f;
};
const names = (files: File[]) => files.map((f) => f.name);

describe('grouping imported files into songs', () => {
  it('makes the loose files of one pick a single song', () => {
    const { songs, skipped } = groupIntoSongs(fromFileList([file('b.wav'), file('a.mp3'), file('notes.txt')]));
    expect(songs).toHaveLength(1);
    expect(songs[0]!.folder).toBeNull();
    // Chosen on purpose, so the text file is kept and will be refused by validation.
    expect(names(songs[0]!.files)).toEqual(['a.mp3', 'b.wav', 'notes.txt']);
    expect(skipped).toEqual([]);
  });

  it('makes each folder a song named after it, in natural order, skipping non-audio and hidden files', () => {
    const picked = fromFileList([
      file('drums.wav', 'Setlist/Song 10/drums.wav'),
      file('cover.jpg', 'Setlist/Song 10/cover.jpg'),
      file('.DS_Store', 'Setlist/Song 2/.DS_Store'),
      file('track 10.wav', 'Setlist/Song 2/track 10.wav'),
      file('track 2.wav', 'Setlist/Song 2/track 2.wav'),
    ]);
    const { songs, skipped } = groupIntoSongs(picked);
    expect(songs.map((s) => s.folder)).toEqual(['Song 2', 'Song 10']);
    expect(names(songs[0]!.files)).toEqual(['track 2.wav', 'track 10.wav']);
    expect(skipped).toEqual(['cover.jpg']);
  });

  it('returns no songs when nothing is left', () => {
    expect(groupIntoSongs(fromFileList([file('.DS_Store')])).songs).toEqual([]);
  });
});
