import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionIndicator, Dropout, EngineStatus } from '../../shared/messages';
import { engineStatus } from '../player/status-fixture';
import { ACTION_ICONS, APP_ICONS, IDLE_TITLE, actionIndicator, dedupeIndicators } from './action-state';

const song = { id: 's1', title: 'Harbour Lights', artist: '', durationSec: 200, tracks: [] };
const dropout = (over: Partial<Dropout>): Dropout => ({ kind: 'underrun', songId: 's1', trackId: 't1', trackName: 'Bass', atSec: 65, silentSec: 0.04, at: 0, ...over });

describe('the toolbar icon follows the engine', () => {
  const cases: { name: string; status: Partial<EngineStatus>; state: ActionIndicator['state']; title: string | RegExp }[] = [
    { name: 'no song', status: { state: 'idle' }, state: 'idle', title: IDLE_TITLE },
    { name: 'a song loading', status: { state: 'loading', song }, state: 'idle', title: IDLE_TITLE },
    { name: 'stopped', status: { state: 'stopped', song }, state: 'idle', title: IDLE_TITLE },
    { name: 'paused', status: { state: 'paused', song }, state: 'idle', title: IDLE_TITLE },
    { name: 'playing', status: { state: 'playing', song }, state: 'playing', title: 'StageTracker Pro: playing “Harbour Lights”' },
    { name: 'an engine error (stopped)', status: { state: 'idle', error: 'Bass.wav could not be read' }, state: 'problem', title: 'StageTracker Pro: Bass.wav could not be read' },
    { name: 'an underrun while playing', status: { state: 'playing', song, dropouts: [dropout({})] }, state: 'problem', title: /Bass dropped out at 1:05 for 40 ms/ },
    {
      name: 'a decode error while playing',
      status: { state: 'playing', song, dropouts: [dropout({}), dropout({ kind: 'decode-error', trackName: 'Keys', atSec: 90, silentSec: 0, message: 'EncodingError' })] },
      state: 'problem',
      title: /Keys stopped at 1:30: its file could not be decoded \(EncodingError\).*\(2 dropouts in this song\)/,
    },
  ];
  it.each(cases)('$name → $state', ({ status, state, title }) => {
    const indicator = actionIndicator(engineStatus(status));
    expect(indicator.state).toBe(state);
    expect(indicator.title).toMatch(title);
  });

  it('keeps a long problem to a tooltip’s length', () => {
    const { title } = actionIndicator(engineStatus({ error: 'x'.repeat(500) }));
    expect(title.length).toBe(160);
    expect(title.endsWith('…')).toBe(true);
  });

  it('sends only changes: fader moves and position updates do not wake the worker', () => {
    const sent: ActionIndicator[] = [];
    const report = dedupeIndicators((i) => sent.push(i));
    const playing = engineStatus({ state: 'playing', song });
    for (const status of [engineStatus(), engineStatus(), playing, { ...playing, positionSec: 3 }, { ...playing, positionSec: 4 }, engineStatus({ state: 'paused', song })]) {
      report(actionIndicator(status));
    }
    expect(sent.map((i) => i.state)).toEqual(['idle', 'playing', 'idle']);
  });
});

/** The committed PNGs, as `npm run icons` made them from extension/icons/*.svg. */
describe('the icon files', () => {
  const root = resolve(import.meta.dirname, '../..');
  const pngSize = (path: string) => {
    const bytes = readFileSync(join(root, 'extension/public', path));
    expect(bytes.subarray(1, 4).toString('latin1'), path).toBe('PNG');
    return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)]; // IHDR width, height
  };

  it('exist at the size each manifest entry names', () => {
    const named = [...Object.entries(APP_ICONS), ...Object.values(ACTION_ICONS).flatMap((icons) => Object.entries(icons))];
    for (const [size, path] of named) expect(pngSize(path), path).toEqual([Number(size), Number(size)]);
  });

  /** WCAG relative luminance of #rrggbb. */
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };

  // Chrome's toolbars: light (white, and the grey of its tab strip) and dark (its dark mode's toolbar and frame).
  const toolbars = ['#FFFFFF', '#F1F3F4', '#35363A', '#202124'];
  it.each(['mark-small', 'mark'])('%s: the tile stands out 3:1 or more on light and dark toolbars', (name) => {
    const svg = readFileSync(join(root, 'extension/icons', `${name}.svg`), 'utf8');
    const tile = /<rect id="tile"[^>]*fill="(#[0-9A-Fa-f]{6})"/.exec(svg)?.[1];
    expect(tile, 'the tile’s fill').toBeDefined();
    for (const toolbar of toolbars) expect(contrast(tile!, toolbar), `on ${toolbar}`).toBeGreaterThanOrEqual(3);
  });
});
