// Before Dexie loads: it looks for IndexedDB once, when imported.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LibraryDb } from '../db/db';
import { createLibraryModel, type LibraryModel } from './model';
import { audioFile, countAll, fakeProbe, freshDb } from './testing/fake-library';

let db: LibraryDb;
let model: LibraryModel;
afterEach(async () => {
  model?.dispose();
  await db?.delete();
});

function setup() {
  db = freshDb();
  const loadSong = vi.fn(async (): Promise<string | undefined> => undefined);
  const requestPersistence = vi.fn(async () => true);
  model = createLibraryModel({ db, probe: fakeProbe, loadSong, requestPersistence });
  return { loadSong, requestPersistence };
}

const importNamed = (...names: string[]) => model.importFiles(names.map((n) => ({ file: audioFile(n), dir: '' })));

describe('library model', () => {
  it('imports, lists, selects the new song and asks the engine to load it', async () => {
    const { loadSong, requestPersistence } = setup();
    await vi.waitFor(() => expect(model.loaded.value).toBe(true));

    await importNamed('Hymn - Piano.wav', 'Hymn - Pad.wav');

    expect(model.notice.value).toEqual({ tone: 'success', text: 'Imported “Hymn” with 2 tracks.' });
    expect(model.importProgress.value).toBeNull();
    await vi.waitFor(() => expect(model.songs.value.map((s) => s.title)).toEqual(['Hymn']));
    expect(model.selectedSong.value?.title).toBe('Hymn');
    const songId = model.selectedId.value!;
    expect(loadSong).toHaveBeenCalledWith(songId, expect.toBeOneOf([undefined, [songId]]));
    await model.select(songId);
    expect(loadSong).toHaveBeenLastCalledWith(songId, [songId]);
    await vi.waitFor(() => expect(model.tracks.value.map((t) => t.name)).toEqual(['Pad', 'Piano']));
    await importNamed('Other.wav');
    expect(requestPersistence).toHaveBeenCalledTimes(1);
  });

  it('sets a track’s colour and group from the song editor as the lanes do, and refuses a bad colour with a message', async () => {
    setup();
    await importNamed('Hymn - Click.wav');
    await vi.waitFor(() => expect(model.tracks.value).toHaveLength(1));
    const trackId = model.tracks.value[0]!.id;
    expect(await model.saveTrackLook(trackId, { colour: '#FF8800', group: ' Click/Guide ' })).toBe(true);
    await vi.waitFor(() => expect(model.tracks.value[0]).toMatchObject({ colour: '#ff8800', group: 'Click/Guide' }));
    expect(await model.saveTrackLook(trackId, { colour: 'orange' })).toBe(false);
    expect(model.notice.value).toEqual({ tone: 'error', text: '“orange” is not a colour (use #rrggbb).' });
    expect((await db.tracks.get(trackId))?.colour).toBe('#ff8800');
  });

  it('adds a probe’s note (a stem whose start cannot be placed exactly) to the import message', async () => {
    db = freshDb();
    const note = 'Hymn - Click.mp3 has no encoder-delay header: it may start about 13 ms late against the other stems. Re-encode it with LAME or use WAV/FLAC.';
    const probe: typeof fakeProbe = async (file, onBytesRead) => ({ ...(await fakeProbe(file, onBytesRead)), note: file.name === 'Hymn - Click.mp3' ? note : undefined });
    model = createLibraryModel({ db, probe, loadSong: vi.fn(async (): Promise<string | undefined> => undefined), requestPersistence: vi.fn(async () => true) });
    await model.importFiles(['Hymn - Click.mp3', 'Hymn - Bass.wav'].map((n) => ({ file: audioFile(n), dir: '' })));
    expect(model.notice.value).toEqual({ tone: 'success', text: `Imported “Hymn” with 2 tracks. ${note}` });
  });

  it('shows an import failure and keeps the library', async () => {
    setup();
    await importNamed('fine.wav', 'corrupt.wav');
    expect(model.notice.value).toEqual({ tone: 'error', text: 'Nothing was imported. “corrupt.wav” is damaged or unreadable.' });
    expect(await countAll(db)).toEqual({ songs: 0, tracks: 0, audio: 0, mixes: 0 });
  });

  it('filters by the query, in title order', async () => {
    setup();
    await importNamed('Zebra.wav');
    await importNamed('Amazing Grace.wav');
    await importNamed('Graceland.wav');
    await vi.waitFor(() => expect(model.songs.value).toHaveLength(3));
    expect(model.results.value.map((s) => s.title)).toEqual(['Amazing Grace', 'Graceland', 'Zebra']);
    model.query.value = 'grace';
    expect(model.results.value.map((s) => s.title)).toEqual(['Amazing Grace', 'Graceland']);
  });

  it('deletes only after confirmation, and clears the selection', async () => {
    setup();
    await importNamed('Gone.wav');
    await vi.waitFor(() => expect(model.selectedSong.value).not.toBeNull());
    const song = model.selectedSong.value!;

    model.requestDelete({ kind: 'song', id: song.id, name: song.title });
    model.cancelDelete();
    expect((await countAll(db)).songs).toBe(1);

    model.requestDelete({ kind: 'song', id: song.id, name: song.title });
    await model.confirmDelete();
    expect(await countAll(db)).toEqual({ songs: 0, tracks: 0, audio: 0, mixes: 0 });
    expect(model.selectedId.value).toBeNull();
    expect(model.notice.value?.text).toBe('Deleted “Gone”.');
  });
});
