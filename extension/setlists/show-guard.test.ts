import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import type { EngineState, EngineStatus } from '../../shared/messages';
import type { SongRecord } from '../library/store';
import type { Cue } from './cues';
import { createShowGuard } from './show-guard';

const song = (id: string, title: string) => ({ id, title }) as SongRecord;
const statusOf = (songId: string, state: EngineState) => ({ song: { id: songId }, state }) as EngineStatus;

function setup(state: EngineState, { enabled = true, showOn = true } = {}) {
  const status = signal<EngineStatus | null>(statusOf('a', state));
  const cues = signal<Cue[]>([]);
  const sent: { cues: Cue[]; songId?: string; play?: boolean }[] = [];
  const load = vi.fn(async () => {});
  const guard = createShowGuard({
    enabled: signal(enabled),
    status,
    showOn: signal(showOn),
    songById: signal(new Map([['a', song('a', 'Alpha')], ['x', song('x', 'Xtra')]])),
    cues,
    sendShowOrder: async (songId, play) => void sent.push({ cues: cues.value, songId, play }),
    load,
  });
  return { guard, status, cues, sent, load };
}

describe('show guard', () => {
  it.each(['playing', 'paused'] as const)('while a show song is %s, a library pick is cued next and nothing is loaded', async (state) => {
    const { guard, sent, load } = setup(state);
    expect(await guard.pick('x', ['a', 'x'])).toBe('“Xtra” will play next. The current song goes on.');
    expect(load).not.toHaveBeenCalled();
    expect(sent).toEqual([{ cues: [{ songId: 'x', after: 'a' }], songId: undefined, play: undefined }]);
    expect(guard.cued.value?.id).toBe('x');
  });

  it.each([
    ['stopped', true, true],
    ['playing', false, true],
    ['playing', true, false],
  ] as const)('loads the song as before when the engine is %s, the guard on %s, a show on %s', async (state, enabled, showOn) => {
    const { guard, sent, load } = setup(state, { enabled, showOn });
    expect(await guard.pick('x', ['a', 'x'])).toBeUndefined();
    expect(load).toHaveBeenCalledWith('x', ['a', 'x']);
    expect(sent).toEqual([]);
  });

  it('Play now loads the cued song in the show; Take back restores the order; the notice ends when it plays', async () => {
    const { guard, status, cues, sent } = setup('playing');
    await guard.pick('x', undefined);
    await guard.playNow();
    expect(sent.at(-1)).toMatchObject({ songId: 'x', play: true });
    expect(guard.cued.value).toBeNull();

    await guard.pick('x', undefined);
    await guard.withdraw();
    expect(cues.value).toEqual([{ songId: 'x', after: 'a' }]); // the first cue stays
    expect(guard.cued.value).toBeNull();

    await guard.pick('x', undefined);
    status.value = statusOf('x', 'playing');
    expect(guard.cued.value).toBeNull();
  });
});
