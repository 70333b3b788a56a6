import type { EntityTable } from 'dexie';

export interface MarkerRecord {
  id: string;
  songId: string;
  /** Intro, Verse, Chorus, Bridge, Outro, or any name. */
  name: string;
  /** Seconds from the song's start. */
  time: number;
  /** Optional tempo from this marker on (20–400; the tempo map: engine/tempo-map.ts). No index: no new Dexie version. */
  bpm?: number;
  /** Optional time signature from this marker on (3/4, 6/8, 7/8…). */
  timeSignature?: string;
}

/** Song-level show settings that are not part of the mix. */
export interface SongShowRecord {
  songId: string;
  /** Bars of count-in before the song, 0–8. */
  countInBars: number;
  countInGainDb: number;
}

export interface SectionsTables {
  markers: EntityTable<MarkerRecord, 'id'>;
  songShow: EntityTable<SongShowRecord, 'songId'>;
}

/** The markers' and count-in stores by the schema version that added them (db/schema.ts composes every store). */
export const SECTIONS_STORES = {
  3: { markers: 'id, songId, [songId+time]', songShow: 'songId' },
} as const;

/** A song's markers (unsorted) and its count-in settings (undefined when never set). */
export async function sectionsOf(db: SectionsTables, songId: string): Promise<{ markers: MarkerRecord[]; show: SongShowRecord | undefined }> {
  return { markers: await db.markers.where('songId').equals(songId).toArray(), show: await db.songShow.get(songId) };
}

export const insertMarker = (db: SectionsTables, marker: MarkerRecord) => db.markers.add(marker);

export const updateMarker = (db: SectionsTables, id: string, change: Partial<Pick<MarkerRecord, 'name' | 'time'>>) => db.markers.update(id, change);

/** Sets or clears (undefined) a marker's tempo and time signature. */
export const updateMarkerTempo = (db: SectionsTables, id: string, tempo: Pick<MarkerRecord, 'bpm' | 'timeSignature'>) =>
  db.markers.where('id').equals(id).modify((m) => {
    if (tempo.bpm === undefined) delete m.bpm;
    else m.bpm = tempo.bpm;
    if (tempo.timeSignature === undefined) delete m.timeSignature;
    else m.timeSignature = tempo.timeSignature;
  });

export const removeMarker = (db: SectionsTables, id: string) => db.markers.delete(id);

export const saveSongShow = (db: SectionsTables, show: SongShowRecord) => db.songShow.put(show);
