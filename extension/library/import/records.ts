import { searchWordsOf } from '../search-words';
import { DEFAULT_TRACK_MIX, type AudioRecord, type MixRecord, type SongRecord, type TrackRecord } from '../store';
import type { ProbedAudio } from './import-songs';
import { namesFromFiles } from './names';
import type { SongSource } from './sources';

export interface SongRecords {
  song: SongRecord;
  tracks: TrackRecord[];
  audio: AudioRecord[];
  mix: MixRecord;
}

/** The records of one validated song; `probed` holds each file's probe, in file order. */
export function songRecords(source: SongSource, probed: readonly ProbedAudio[], newId: () => string, now: number): SongRecords {
  const { title, trackNames } = namesFromFiles(source.files.map((f) => f.name));
  const songId = newId();
  const tracks = source.files.map((file, order): TrackRecord => {
    const probe = probed[order]!;
    return {
      id: newId(),
      songId,
      name: trackNames[order]!,
      fileName: file.name,
      mimeType: probe.mimeType,
      size: file.size,
      order,
      durationSec: probe.durationSec,
      sampleRate: probe.sampleRate,
      channels: probe.channels,
    };
  });
  const songTitle = source.folder ?? title;
  const song: SongRecord = {
    id: songId,
    title: songTitle,
    artist: '',
    key: '',
    bpm: null,
    timeSignature: '4/4',
    durationSec: Math.max(...tracks.map((t) => t.durationSec)),
    tags: [],
    notes: '',
    searchWords: searchWordsOf({ title: songTitle, artist: '', tags: [] }),
    createdAt: now,
    updatedAt: now,
  };
  return {
    song,
    tracks,
    audio: tracks.map((track, i) => ({ id: track.id, blob: source.files[i]! })),
    mix: {
      songId,
      masterGainDb: 0,
      tracks: Object.fromEntries(tracks.map((t) => [t.id, { ...DEFAULT_TRACK_MIX }])),
      updatedAt: now,
    },
  };
}
