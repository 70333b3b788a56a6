import { MAX_BPM, MIN_BPM, parseMeter, type TempoChange } from '../engine/tempo-map';
import type { MarkerRecord } from './store';

/** A marker's optional tempo and metre, as stored (absent: the one before goes on). */
export type MarkerTempo = Pick<MarkerRecord, 'bpm' | 'timeSignature'>;

const BEAT_UNITS = [1, 2, 4, 8, 16, 32];

/**
 * The section editor's tempo fields, checked: empty leaves that part unchanged from the marker on;
 * otherwise a BPM from 20 to 400 and a time signature such as 3/4, 6/8 or 7/8. A string is the
 * message to show; nothing is saved then.
 */
export function parseMarkerTempo(bpmText: string, signatureText: string): MarkerTempo | string {
  const bpmIn = bpmText.trim();
  const signatureIn = signatureText.trim().replace(/\s+/g, '');
  const bpm = bpmIn === '' ? undefined : Number(bpmIn);
  if (bpm !== undefined && !(Number.isFinite(bpm) && bpm >= MIN_BPM && bpm <= MAX_BPM)) {
    return `BPM must be a number from ${MIN_BPM} to ${MAX_BPM}, or empty to keep the tempo before.`;
  }
  const meter = signatureIn === '' ? undefined : parseMeter(signatureIn);
  if (meter === null || (meter && !(meter.beatsPerBar <= 32 && BEAT_UNITS.includes(meter.beatUnit)))) {
    return 'Time signature looks like 3/4, 6/8 or 7/8 (1–32 beats of a 1, 2, 4, 8, 16 or 32 note), or empty to keep the one before.';
  }
  return { bpm, timeSignature: meter ? `${meter.beatsPerBar}/${meter.beatUnit}` : undefined };
}

/** The tempo map's changes from a song's markers: those that carry a BPM or a time signature. */
export function tempoChangesOf(markers: readonly MarkerRecord[]): TempoChange[] {
  return markers
    .filter((m) => m.bpm !== undefined || m.timeSignature !== undefined)
    .map((m) => ({ atSec: m.time, ...(m.bpm !== undefined && { bpm: m.bpm }), ...(m.timeSignature !== undefined && { timeSignature: m.timeSignature }) }))
    .sort((a, b) => a.atSec - b.atSec);
}
