import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { GateResult } from '../account/gates';
import { openLibraryDb, type LibraryDb } from '../db/db';
import { createBackupModel } from './model';

const OK: GateResult = { ok: true, message: '', upgrade: false };
const NO = (message: string): GateResult => ({ ok: false, message, upgrade: true });

async function seedSongs(db: LibraryDb, ids: string[]) {
  for (const id of ids) {
    await db.songs.put({ id, title: id, artist: '', key: '', bpm: null, timeSignature: '4/4', durationSec: 1, tags: [], notes: '', searchWords: [id], createdAt: 0, updatedAt: 0 });
    await db.tracks.put({ id: `${id}-t`, songId: id, name: 't', fileName: 't.wav', mimeType: 'audio/wav', size: 2, order: 0, durationSec: 1, sampleRate: 48000, channels: 1 });
    await db.audio.put({ id: `${id}-t`, blob: new Blob([new Uint8Array([1, 2])]) });
  }
}

function setup(over: { canExport?: () => GateResult; songLimit?: number } = {}) {
  const db = openLibraryDb(`model-${Math.random()}`);
  const files: Blob[] = [];
  const playing = signal(false);
  const model = createBackupModel({
    db,
    canExport: over.canExport ?? (() => OK),
    canAdd: (kind, current, adding) => (kind === 'songs' && over.songLimit !== undefined && current + adding > over.songLimit ? NO(`Free holds ${over.songLimit} songs.`) : OK),
    download: (blob) => files.push(blob),
    isPlaying: playing,
  });
  return { db, files, playing, model };
}

describe('backup model', () => {
  it('refuses export behind the Premium gate, writing no file', async () => {
    const { model, files } = setup({ canExport: () => NO('Library backup export is a Premium feature.') });
    await model.exportBackup();
    expect(files).toEqual([]);
    expect(model.notice.value).toEqual({ tone: 'error', text: 'Library backup export is a Premium feature.' });
  });

  it('shows conflicts before writing, refuses while a song plays, and respects the song limit', async () => {
    const home = setup();
    await seedSongs(home.db, ['a', 'b', 'c']);
    await home.model.exportBackup();
    const file = new File([home.files[0]!], 'home.zip');

    const venue = setup({ songLimit: 3 });
    await seedSongs(venue.db, ['a', 'x']);
    await venue.db.songs.update('a', { key: 'E' });
    await venue.model.chooseFile(file);
    expect(venue.model.review.value?.conflicts.map((c) => c.backupSongId)).toEqual(['a']);
    expect(await venue.db.songs.count()).toBe(2);

    venue.playing.value = true;
    await venue.model.confirmImport();
    expect(venue.model.notice.value?.text).toMatch(/Stop the song first/);
    venue.playing.value = false;

    // Merge keeping mine adds b and c: 4 songs, over the limit of 3.
    await venue.model.confirmImport();
    expect(venue.model.notice.value?.text).toMatch(/Nothing was imported: Free holds 3 songs/);
    expect(await venue.db.songs.count()).toBe(2);

    venue.model.mode.value = 'replace';
    await venue.model.confirmImport();
    expect(venue.model.notice.value?.text).toMatch(/Library replaced with 3 songs/);
    expect((await venue.db.songs.toArray()).map((s) => s.id).sort()).toEqual(['a', 'b', 'c']);
  });
});
