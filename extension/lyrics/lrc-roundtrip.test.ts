import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLrc, parseLrc } from './lrc';

const SEED = 20261202;
const RUNS = 300;

/** A stamp in one of the variants real files use; precision lost here is lost on the first import too. */
const stamp = (ms: number, variant: number, open = '[', close = ']') => {
  const m = String(Math.floor(ms / 60000)).padStart(2, '0');
  const s = String(Math.floor((ms % 60000) / 1000)).padStart(2, '0');
  const f = ms % 1000;
  const body = [`${m}:${s}`, `${m}:${s}.${Math.floor(f / 100)}`, `${m}:${s}.${String(Math.floor(f / 10)).padStart(2, '0')}`, `${m}:${s}.${String(f).padStart(3, '0')}`, `${m}:${s}:${String(Math.floor(f / 10)).padStart(2, '0')}`][variant];
  return `${open}${body}${close}`;
};

const word = fc.constantFrom('love', 'Été', '日本', "don't", 'a-b', 'la', 'x', 'ooh,');
// Times from 6 s so a ±5 s offset never clamps at 0 (clamping is checked in lrc.test.ts).
const time = fc.integer({ min: 6000, max: 599_999 });
const variant = fc.integer({ min: 0, max: 4 });

const plainText = fc.array(word, { maxLength: 6 }).map((w) => w.join(' '));
const wordText = fc
  .record({
    start: time,
    words: fc.array(fc.record({ w: word, gap: fc.integer({ min: 0, max: 2000 }), space: fc.boolean(), v: variant }), { minLength: 1, maxLength: 6 }),
    end: fc.option(fc.integer({ min: 1, max: 1500 })),
  })
  .map(({ start, words, end }) => {
    let at = start;
    const parts = words.map(({ w, gap, space, v }) => `${stamp((at += gap), v, '<', '>')}${w}${space ? ' ' : ''}`);
    return parts.join('') + (end === null ? '' : stamp(at + end, 2, '<', '>'));
  });

const timedLine = fc.record({ stamps: fc.array(fc.tuple(time, variant), { minLength: 1, maxLength: 3 }), text: fc.oneof(plainText, wordText, fc.constant('')) }).map(({ stamps, text }) => stamps.map(([t, v]) => stamp(t, v)).join('') + text);

const TAG_KEYS = ['ti', 'ar', 'al', 'au', 'by', 'length', 're', 've', '#', 'xtra'];
const tags = fc.dictionary(fc.constantFrom(...TAG_KEYS), fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')));
const junk = fc.constantFrom('', '   ', 'Written by someone', '[Chorus]', '[01:6x.00]damaged');

const lrcFile = fc
  .record({
    tags,
    offset: fc.option(fc.integer({ min: -5000, max: 5000 })),
    rows: fc.array(fc.oneof({ weight: 4, arbitrary: timedLine }, { weight: 1, arbitrary: junk }), { minLength: 1, maxLength: 25 }),
    bom: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ tags, offset, rows, bom, crlf }) => {
    const head = Object.entries(tags).map(([k, v]) => `[${k}:${v}]`);
    const all = [...head, ...(offset === null ? [] : [`[offset:${offset >= 0 ? '+' : ''}${offset}]`]), ...rows];
    return { source: (bom ? '\uFEFF' : '') + all.join(crlf ? '\r\n' : '\n'), offset: offset ?? 0, withoutOffset: (bom ? '\uFEFF' : '') + [...head, ...rows].join('\n') };
  });

describe('LRC round trip (seeded property)', () => {
  it('import → export → import gives the same lines, times (ms), words and tags', () => {
    fc.assert(
      fc.property(lrcFile, ({ source }) => {
        const first = parseLrc(source);
        const exported = formatLrc(first.lines, first.tags);
        const second = parseLrc(exported);
        expect(second.skipped).toEqual([]);
        expect(second.partial).toEqual([]);
        expect(second.lines).toEqual(first.lines);
        expect(second.tags).toEqual(first.tags);
        expect(formatLrc(second.lines, second.tags)).toBe(exported);
        // Never a raw tag in what the stage shows.
        for (const line of first.lines) expect(line.text).not.toMatch(/<\d+:\d+/);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('[offset:] moves every word stamp exactly as it moves its line stamp', () => {
    fc.assert(
      fc.property(lrcFile, ({ source, offset, withoutOffset }) => {
        const shifted = parseLrc(source).lines;
        const plain = parseLrc(withoutOffset).lines;
        const ms = (s: number) => Math.round(s * 1000);
        expect(shifted.map((l) => [ms(l.time!), l.text, l.words?.map((w) => ms(w.time))])).toEqual(
          plain.map((l) => [ms(l.time!) - offset, l.text, l.words?.map((w) => ms(w.time) - offset)]),
        );
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
