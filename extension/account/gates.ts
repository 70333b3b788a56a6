import type { ReadonlySignal } from '@preact/signals';
import type { Feature, PlanLimits } from '../../shared/plans';
import type { ImportLimits } from '../library/import/import-songs';
import type { PlanView } from './plan';

export type GateKind = keyof Omit<PlanLimits, 'devices'>;

export interface GateResult {
  ok: boolean;
  /** Empty when ok; otherwise says what the limit is and how to lift it. */
  message: string;
  /** True when Premium would allow it (show the Upgrade path). */
  upgrade: boolean;
}

const ALLOWED: GateResult = Object.freeze({ ok: true, message: '', upgrade: false });

const NOUN: Record<GateKind, [string, string]> = {
  songs: ['song', 'songs'],
  tracksPerSong: ['track per song', 'tracks per song'],
  setlists: ['setlist', 'setlists'],
};
const FEATURE: Record<Feature, string> = { backup_export: 'Library backup export' };

const UPGRADE = 'Everything you already have stays playable. Upgrade to Premium in Account to add more.';

/**
 * The plan checks every feature calls where the user acts. Answered from memory (a signal read
 * and a comparison), so a gate costs nothing on the stage. A downgrade never removes anything:
 * only adding beyond a limit is refused.
 */
export function createGates(plan: ReadonlySignal<PlanView>) {
  function canAdd(kind: GateKind, currentCount: number, adding = 1): GateResult {
    const view = plan.value;
    const limit = view.limits[kind];
    if (limit === null || currentCount + adding <= limit) return ALLOWED;
    const [one, many] = NOUN[kind];
    const what = kind === 'tracksPerSong' ? `A song on the ${planName(view)} plan can have up to ${limit} ${limit === 1 ? 'track' : 'tracks'}` : `The ${planName(view)} plan holds up to ${limit} ${limit === 1 ? one : many}`;
    return { ok: false, upgrade: view.plan !== 'premium', message: `${what}. ${UPGRADE}${expiredNote(view)}` };
  }

  function canUse(feature: Feature): GateResult {
    const view = plan.value;
    if (view.features.includes(feature)) return ALLOWED;
    return { ok: false, upgrade: true, message: `${FEATURE[feature]} is a Premium feature. Upgrade to Premium in Account to use it.${expiredNote(view)}` };
  }

  /** The library import's check: songs first, then the largest song's tracks. */
  const importLimits: ImportLimits = ({ songsBefore, songsAdded, largestSongTracks }) => {
    const songs = canAdd('songs', songsBefore, songsAdded);
    if (!songs.ok) return `Nothing was imported: ${songsAdded} new ${songsAdded === 1 ? 'song' : 'songs'} would make ${songsBefore + songsAdded}. ${songs.message}`;
    const tracks = canAdd('tracksPerSong', 0, largestSongTracks);
    if (!tracks.ok) return `Nothing was imported: a song with ${largestSongTracks} tracks is too many. ${tracks.message}`;
    return null;
  };

  return { canAdd, canUse, importLimits };
}

const planName = (view: PlanView) => (view.plan === 'premium' ? 'Premium' : 'Free');

function expiredNote(view: PlanView): string {
  if (view.reason === 'expired') return ' (Premium could not be confirmed offline for too long: connect and press Refresh in Account.)';
  return '';
}
