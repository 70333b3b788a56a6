import 'fake-indexeddb/auto';
import { openLibraryDb, type LibraryDb } from '../../db/db';
import { InvalidAudioError } from '../import/errors';
import type { ProbeAudio, ProbedAudio } from '../import/import-songs';

let opened = 0;

/** A fresh in-memory library per test (fake-indexeddb), closed and deleted by the caller. */
export function freshDb(): LibraryDb {
  return openLibraryDb(`library-test-${++opened}-${Math.random()}`);
}

export async function countAll(db: LibraryDb) {
  const [songs, tracks, audio, mixes] = await Promise.all([db.songs.count(), db.tracks.count(), db.audio.count(), db.mixes.count()]);
  return { songs, tracks, audio, mixes };
}

export const audioFile = (name: string, bytes = 100) => new File([new Uint8Array(bytes)], name, { type: 'audio/wav' });

/**
 * Stands in for mediabunny (which needs WebCodecs): a file named "*corrupt*" is refused,
 * anything else lasts one second per kilobyte (at least one second).
 */
export const fakeProbe: ProbeAudio = async (file, onBytesRead) => {
  onBytesRead(file.size);
  if (file.name.includes('corrupt')) throw new InvalidAudioError('is damaged or unreadable');
  const probed: ProbedAudio = { durationSec: Math.max(1, file.size / 1000), sampleRate: 48_000, channels: 2, mimeType: 'audio/wav' };
  return probed;
};
