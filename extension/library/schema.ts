// Only extension/engine/library.ts still imports from here; once it imports from the stores, delete this file.
export type { SongShowRecord } from '../sections/store';
export type { SongRecord, TrackRecord } from './store';
