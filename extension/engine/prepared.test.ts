import { describe, expect, it, vi } from 'vitest';
import { PreparedSongs } from './prepared';
import type { LoadedSong } from './song';

const fakeSong = (id: string) =>
  ({ view: { id }, whenReady: async () => {}, park: vi.fn(), dispose: vi.fn() }) as unknown as LoadedSong & Record<'park' | 'dispose', ReturnType<typeof vi.fn>>;

describe('PreparedSongs', () => {
  it('keeps exactly the wanted songs: others are closed, missing ones opened', async () => {
    const onReady = vi.fn();
    const prepared = new PreparedSongs(onReady);
    const songs = { a: fakeSong('a'), b: fakeSong('b'), c: fakeSong('c') };
    const open = vi.fn(async (id: string) => songs[id as keyof typeof songs]);
    prepared.retain(['a', 'b'], open);
    prepared.retain(['b', 'c'], open);
    expect(prepared.ids).toEqual(['b', 'c']);
    expect(open.mock.calls.map(([id]) => id)).toEqual(['a', 'b', 'c']);
    await vi.waitFor(() => expect(songs.a.dispose).toHaveBeenCalledOnce());
    expect(onReady).toHaveBeenCalledTimes(3);
    expect(songs.b.dispose).not.toHaveBeenCalled();
  });

  it('forgets a song that failed to open', async () => {
    const prepared = new PreparedSongs(() => {});
    prepared.retain(['a'], () => Promise.reject(new Error('bad file')));
    await vi.waitFor(() => expect(prepared.ids).toEqual([]));
  });

  it('parks a song left behind so going back to it is instant', async () => {
    const prepared = new PreparedSongs(() => {});
    const a = fakeSong('a');
    prepared.park(a);
    expect(a.park).toHaveBeenCalledOnce();
    expect(await prepared.get('a')).toBe(a);
    prepared.delete('a');
    expect(prepared.get('a')).toBeUndefined();
    expect(a.dispose).not.toHaveBeenCalled();
  });
});
