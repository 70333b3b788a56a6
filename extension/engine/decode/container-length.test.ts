import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { editListSecondsInMoov, mp4EditListSeconds, oggLastGranule } from './container-length';

/** The codec null test's files: 5 s of noise from real encoders (ffmpeg's libopus, libvorbis, aac). */
const fixture = (name: string) => new Blob([readFileSync(new URL(`../../../tests/e2e/fixtures/codecs/${name}`, import.meta.url))]);

const box = (type: string, ...content: Uint8Array[]) => {
  const size = 8 + content.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(new TextEncoder().encode(type), 4);
  let at = 8;
  for (const c of content) (out.set(c, at), (at += c.length));
  return out;
};
const u32s = (...values: number[]) => {
  const out = new Uint8Array(values.length * 4);
  values.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v >>> 0));
  return out;
};
const tag = (s: string) => new TextEncoder().encode(s);

describe('the true length a container records', () => {
  it('reads the last Ogg granule of real Opus and Vorbis files (Opus counts its pre-skip)', async () => {
    expect(await oggLastGranule(fixture('inverted-48k.opus'))).toBe(240_000 + 312);
    expect(await oggLastGranule(fixture('inverted-44k.ogg'))).toBe(220_500);
    expect(await oggLastGranule(fixture('inverted-44k.flac'))).toBeNull();
  });

  it('reads the edit list of a real AAC .m4a; a file without one gives null', async () => {
    expect(await mp4EditListSeconds(fixture('inverted-44k.m4a'))).toBe(5);
    expect(await mp4EditListSeconds(fixture('inverted-44k-itunsmpb.m4a'))).toBeNull();
  });

  it('skips a video track and an empty edit (a delay), and adds the rest', () => {
    const mvhd = box('mvhd', u32s(0, 0, 0, 1000, 0));
    const track = (handler: string, edits: [number, number][]) =>
      box('trak', box('edts', box('elst', u32s(0, edits.length), ...edits.map(([d, t]) => u32s(d, t, 0x10000)))), box('mdia', box('hdlr', u32s(0, 0), tag(handler), u32s(0, 0, 0))));
    const moov = new Uint8Array([...mvhd, ...track('vide', [[9000, 0]]), ...track('soun', [[500, 0xffffffff], [4250, 1024]])]);
    expect(editListSecondsInMoov(moov)).toBe(4.25);
  });
});
