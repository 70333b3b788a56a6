import type { SongRecord } from '../library/store';
import type { SetlistRecord } from '../setlists/store';
import { DATA_STORES, type StoreRecords } from './format';
import type { BackupContents } from './read-backup';

export type ImportMode = 'merge' | 'replace';
/** In a merge, which side a conflicting song comes from. */
export type ConflictChoice = 'keep' | 'backup';

export interface SongConflict {
  kind: 'same-id' | 'same-title';
  backupSongId: string;
  localSongId: string;
  title: string;
  artist: string;
}

/** Everything the import will write, decided before the transaction opens. */
export interface ImportPlan {
  conflicts: SongConflict[];
  /** Replace: every store is emptied first. */
  clear: boolean;
  /** Local songs removed (with their tracks, audio, mix, lyrics, markers, show settings) before the puts. */
  deleteSongIds: string[];
  puts: StoreRecords;
  /** Track ids whose audio is written. */
  audioIds: string[];
  songsAdded: number;
  songsKept: number;
}

const titleKey = (s: Pick<SongRecord, 'title' | 'artist'>) => `${s.title.trim().toLowerCase()}\u0000${s.artist.trim().toLowerCase()}`;

/** What makes two copies of a song the same: its details, its tracks' files and its lyrics. */
function fingerprint(records: Pick<StoreRecords, 'tracks' | 'lyrics'>, song: SongRecord): string {
  const { createdAt: _c, updatedAt: _u, searchWords: _s, ...details } = song;
  const tracks = records.tracks.filter((t) => t.songId === song.id).sort((a, b) => a.order - b.order).map((t) => [t.id, t.name, t.size, t.mimeType]);
  const lyrics = records.lyrics.find((l) => l.songId === song.id)?.lines ?? [];
  return JSON.stringify([details, tracks, lyrics]);
}

const empty = (): StoreRecords => Object.fromEntries(DATA_STORES.map((s) => [s, []])) as unknown as StoreRecords;

/**
 * Decides the import. Conflicts are songs with the same id but different content, or the same
 * title and artist under another id; identical songs are simply already there.
 */
export function planImport(backup: BackupContents, local: StoreRecords, mode: ImportMode, choice: ConflictChoice): ImportPlan {
  const b = backup.records;
  const conflicts: SongConflict[] = [];
  const localById = new Map(local.songs.map((s) => [s.id, s]));
  const localByTitle = new Map(local.songs.map((s) => [titleKey(s), s]));
  const added = new Set<string>();
  const deleted = new Set<string>();
  /** Backup song id → the id it has in the library after the merge (for the backup's setlists). */
  const backupIds = new Map<string, string>();
  /** Replaced local song id → the backup's id (for the library's own setlists). */
  const localIds = new Map<string, string>();

  for (const song of b.songs) {
    const same = localById.get(song.id);
    const twin = same ? undefined : localByTitle.get(titleKey(song));
    const mine = same ?? twin;
    if (same && fingerprint(b, song) === fingerprint(local, same)) {
      backupIds.set(song.id, song.id);
      continue;
    }
    if (mine) conflicts.push({ kind: same ? 'same-id' : 'same-title', backupSongId: song.id, localSongId: mine.id, title: song.title, artist: song.artist });
    if (mode === 'merge' && mine && choice === 'keep') {
      backupIds.set(song.id, mine.id);
      continue;
    }
    if (mine) {
      deleted.add(mine.id);
      localIds.set(mine.id, song.id);
    }
    backupIds.set(song.id, song.id);
    added.add(song.id);
  }

  if (mode === 'replace') {
    return { conflicts, clear: true, deleteSongIds: [], puts: b, audioIds: b.tracks.map((t) => t.id), songsAdded: b.songs.length, songsKept: 0 };
  }

  const puts = empty();
  const ofAdded = <T extends { songId: string }>(list: T[]) => list.filter((r) => added.has(r.songId));
  puts.songs = b.songs.filter((s) => added.has(s.id));
  puts.tracks = ofAdded(b.tracks);
  puts.mixes = ofAdded(b.mixes);
  puts.lyrics = ofAdded(b.lyrics);
  puts.markers = ofAdded(b.markers);
  puts.songShow = ofAdded(b.songShow);
  // The practice log is never lost: a replaced song keeps this device's totals unless the backup has its own.
  const backupPlays = new Set(b.plays.map((p) => p.songId));
  puts.plays = [
    ...ofAdded(b.plays),
    ...local.plays.filter((p) => localIds.has(p.songId) && !backupPlays.has(localIds.get(p.songId)!)).map((p) => ({ ...p, songId: localIds.get(p.songId)! })),
  ];
  const remap = (list: SetlistRecord, ids: Map<string, string>): SetlistRecord => ({ ...list, entries: list.entries.map((e) => ({ ...e, songId: ids.get(e.songId) ?? e.songId })) });
  const localSetlists = new Map(local.setlists.map((s) => [s.id, s]));
  puts.setlists = [
    ...b.setlists.filter((s) => !localSetlists.has(s.id) || choice === 'backup').map((s) => remap(s, backupIds)),
    ...local.setlists.filter((s) => s.entries.some((e) => localIds.has(e.songId)) && !(b.setlists.some((x) => x.id === s.id) && choice === 'backup')).map((s) => remap(s, localIds)),
  ];
  // This device's settings win in a merge; the backup only fills in what is missing.
  const localKeys = new Set(local.settings.map((s) => s.key));
  puts.settings = b.settings.filter((s) => !localKeys.has(s.key));
  return {
    conflicts,
    clear: false,
    deleteSongIds: [...deleted],
    puts,
    audioIds: puts.tracks.map((t) => t.id),
    songsAdded: added.size,
    songsKept: b.songs.length - added.size,
  };
}
