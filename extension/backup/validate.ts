import { parseMarkerTempo } from '../sections/tempo-fields';
import { BackupError, DATA_STORES, type DataStore, type StoreRecords } from './format';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => typeof v === 'string' && v.length > 0;

/** A marker's optional tempo and time signature, checked as the section editor checks them. */
const markerTempoOk = (r: Record<string, unknown>) =>
  (r.bpm === undefined || typeof r.bpm === 'number') &&
  (r.timeSignature === undefined || typeof r.timeSignature === 'string') &&
  typeof parseMarkerTempo(r.bpm === undefined ? '' : String(r.bpm), (r.timeSignature as string | undefined) ?? '') !== 'string';

/** The fields each store's records must have for the player to use them (others pass through). */
const REQUIRED: Record<DataStore, (r: Record<string, unknown>) => boolean> = {
  songs: (r) => str(r.id) && typeof r.title === 'string' && typeof r.artist === 'string' && Array.isArray(r.searchWords),
  tracks: (r) => str(r.id) && str(r.songId) && typeof r.order === 'number',
  mixes: (r) => str(r.songId) && isObject(r.tracks),
  lyrics: (r) => str(r.songId) && Array.isArray(r.lines) && r.lines.every((l) => isObject(l) && typeof l.text === 'string' && (l.time === null || typeof l.time === 'number')),
  markers: (r) => str(r.id) && str(r.songId) && typeof r.time === 'number',
  songShow: (r) => str(r.songId),
  setlists: (r) => str(r.id) && typeof r.name === 'string' && Array.isArray(r.entries),
  settings: (r) => str(r.key),
  plays: (r) => str(r.songId) && typeof r.plays === 'number',
};

/**
 * Checks every record before anything is written: a backup that would leave a track without
 * its song, or a song's lyrics without the song, is refused whole.
 */
export function validateRecords(parsed: Record<DataStore, unknown>): StoreRecords {
  const problems: string[] = [];
  for (const store of DATA_STORES) {
    const list = parsed[store];
    if (!Array.isArray(list)) {
      problems.push(`${store} is not a list`);
      continue;
    }
    const bad = list.findIndex((r) => !isObject(r) || !REQUIRED[store](r));
    if (bad >= 0) problems.push(`${store} record ${bad + 1} is incomplete`);
    const badTempo = store === 'markers' && bad < 0 ? list.findIndex((r) => !markerTempoOk(r)) : -1;
    if (badTempo >= 0) problems.push(`markers record ${badTempo + 1} has a BPM (20–400) or time signature (like 3/4, 6/8) that cannot be used`);
  }
  if (problems.length) throw new BackupError(`This backup cannot be read: ${problems.join('; ')}. Nothing was imported; the library is unchanged.`);
  const records = parsed as StoreRecords;
  const songIds = new Set(records.songs.map((s) => s.id));
  const orphan = [...records.tracks, ...records.mixes, ...records.lyrics, ...records.markers, ...records.songShow].find((r) => !songIds.has(r.songId));
  if (orphan) throw new BackupError(`This backup is inconsistent: it has data for a song it does not contain (${orphan.songId}). Nothing was imported; the library is unchanged.`);
  return records;
}
