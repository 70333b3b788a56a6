import type { LoadedSong } from './song';

/**
 * Songs other than the current one with their first seconds decoded: its neighbours in the play
 * order, so that Next, Previous and a segue start at once, and a song just left, parked (kept
 * until it is no longer a neighbour).
 */
export class PreparedSongs {
  #songs = new Map<string, Promise<LoadedSong>>();

  /** `onReady`: a song opened here has its first seconds decoded. */
  constructor(private readonly onReady: () => void) {}

  get ids(): string[] {
    return [...this.#songs.keys()];
  }

  get(songId: string): Promise<LoadedSong> | undefined {
    return this.#songs.get(songId);
  }

  /** Forgets `songId` without closing it (it became current, or failed to open). */
  delete(songId: string): void {
    this.#songs.delete(songId);
  }

  /** A song that stops being current: silenced and back to its first seconds, ready to return to. */
  park(song: LoadedSong, prompt = false): void {
    song.park(prompt);
    this.#songs.set(song.view.id, Promise.resolve(song));
  }

  /** Keeps exactly `wanted` prepared: the others are closed, missing ones opened with `open`. */
  retain(wanted: readonly string[], open: (songId: string) => Promise<LoadedSong>): void {
    for (const [id, song] of this.#songs) {
      if (wanted.includes(id)) continue;
      this.#songs.delete(id);
      song.then((s) => s.dispose(), () => {});
    }
    for (const id of wanted) {
      if (this.#songs.has(id)) continue;
      const song = open(id);
      this.#songs.set(id, song);
      song.then(
        (s) => s.whenReady().then(() => this.onReady()),
        () => this.#songs.delete(id),
      );
    }
  }
}
