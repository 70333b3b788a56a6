import type { ReadonlySignal } from '@preact/signals';
import type { Gates } from '../account/gates';
import type { LibraryDb } from '../db/db';
import type { EngineClient } from '../engine/client';
import type { SongRecord } from '../library/store';
import { createSectionsModel } from '../sections/model';
import { createSetlistModel } from '../setlists/model';
import type { EngineModel } from './engine-model';

/** The show models (setlists; sections, loops and count-in) wired to the engine and the plan. */
export function createShowModels(deps: { db: LibraryDb; engine: EngineClient; live: EngineModel; songs: ReadonlySignal<SongRecord[]>; gates: Pick<Gates, 'canAdd'> }) {
  const setlists = createSetlistModel({
    db: deps.db,
    engine: deps.engine,
    status: deps.live.status,
    songs: deps.songs,
    // Plan gate (extension/account/gates.ts): Free holds one setlist.
    canAddSetlist: (count) => {
      const gate = deps.gates.canAdd('setlists', count);
      return gate.ok ? null : gate.message;
    },
  });
  const sections = createSectionsModel({ db: deps.db, engine: deps.engine, status: deps.live.status, position: deps.live.position });
  return { setlists, sections };
}

export type ShowModels = ReturnType<typeof createShowModels>;
