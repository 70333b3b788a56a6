import { computed, effect, type ReadonlySignal } from '@preact/signals';
import type { GateKind, GateResult } from '../account/gates';
import { createBackupModel } from '../backup/model';
import type { LibraryDb } from '../db/db';
import { createPlaysView } from '../library/plays';
import type { SongRecord } from '../library/store';
import { createLyricsModel } from '../lyrics/model';
import { downloadBlob } from '../player/download';
import type { EngineModel } from '../player/engine-model';
import { applyStageLook, createStageSettingsModel } from './model';
import { nextSongTitle } from './stage-view';

interface Deps {
  db: LibraryDb;
  live: EngineModel;
  songs: ReadonlySignal<readonly SongRecord[]>;
  /** The account's Premium gate for backup export. */
  canExport: () => GateResult;
  canAdd: (kind: GateKind, currentCount: number, adding: number) => GateResult;
  root: HTMLElement;
  window: Window;
}

/** Wires stage settings, synced lyrics, backup and the practice log display for the player page. */
export function createShowFeatures({ db, live, songs, canExport, canAdd, root, window }: Deps) {
  const stage = createStageSettingsModel({ db });
  const lyrics = createLyricsModel({ db, song: live.song, position: live.position, lookAheadMs: stage.lookAheadMs });
  const backup = createBackupModel({ db, canExport, canAdd, download: downloadBlob, isPlaying: live.isPlaying });
  const plays = createPlaysView(db);
  const nextSong = nextSongTitle(live.status, songs);
  /** The lock hides what could edit or delete while a song plays. */
  const editingHidden = computed(() => stage.settings.value.lock.hideEditingWhilePlaying && live.isPlaying.value);

  effect(() => applyStageLook(root, stage.settings.value));
  // Closing the tab does not stop the engine, but a performer closing it by mistake loses the stage view.
  window.addEventListener('beforeunload', (event) => {
    if (stage.settings.value.lock.confirmClose && live.isPlaying.value) event.preventDefault();
  });
  void stage.load();

  return { stage, lyrics, backup, plays, nextSong, editingHidden };
}

export type ShowFeatures = ReturnType<typeof createShowFeatures>;
