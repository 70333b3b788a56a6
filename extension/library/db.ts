// Only extension/engine/library.ts still imports from here; once it imports from ../db/db, delete this file.
export type { LibraryDb } from '../db/db';
