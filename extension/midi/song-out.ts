import { readSetting, writeSetting, type SettingsTables } from '../db/settings';

/**
 * MIDI out at a song's start, per song: a program change and/or a control change on one
 * channel, so keyboards and lighting follow the show. Kept in the settings store (key
 * `midi-songs`, by song id) rather than the library's records, and so carried by the backup.
 */
export interface SongMidiOut {
  /** 1–16. */
  channel: number;
  /** 0–127, or null for none. */
  program: number | null;
  cc: { controller: number; value: number } | null;
}

export type SongMidiOutMap = Record<string, SongMidiOut>;

const SONG_OUT_KEY = 'midi-songs';

const byte = (v: unknown): number | null => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 127 ? (v as number) : null);

export function normalizeSongOut(value: unknown): SongMidiOut | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const channel = Number.isInteger(v.channel) && (v.channel as number) >= 1 && (v.channel as number) <= 16 ? (v.channel as number) : 1;
  const program = byte(v.program);
  const ccIn = typeof v.cc === 'object' && v.cc !== null ? (v.cc as Record<string, unknown>) : null;
  const controller = byte(ccIn?.controller);
  const ccValue = byte(ccIn?.value);
  const cc = controller !== null && ccValue !== null ? { controller, value: ccValue } : null;
  return program === null && cc === null ? null : { channel, program, cc };
}

export async function loadSongOuts(db: SettingsTables): Promise<SongMidiOutMap> {
  const stored = await readSetting(db, SONG_OUT_KEY);
  const entries = typeof stored === 'object' && stored !== null ? Object.entries(stored) : [];
  return Object.fromEntries(entries.flatMap(([id, v]) => {
    const out = normalizeSongOut(v);
    return out ? [[id, out] as const] : [];
  }));
}

export async function saveSongOuts(db: SettingsTables, map: SongMidiOutMap): Promise<void> {
  await writeSetting(db, SONG_OUT_KEY, map);
}

/** The bytes to send: program change first (a patch change), then the CC. */
export function songOutMessages(out: SongMidiOut): number[][] {
  const ch = out.channel - 1;
  const messages: number[][] = [];
  if (out.program !== null) messages.push([0xc0 | ch, out.program]);
  if (out.cc) messages.push([0xb0 | ch, out.cc.controller, out.cc.value]);
  return messages;
}

/** For people: "PC 5 and CC 20 = 127 on ch 1". */
export function describeSongOut(out: SongMidiOut): string {
  const parts = [out.program !== null ? `PC ${out.program}` : '', out.cc ? `CC ${out.cc.controller} = ${out.cc.value}` : ''].filter(Boolean);
  return `${parts.join(' and ')} on ch ${out.channel}`;
}
