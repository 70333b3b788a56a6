import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { id3v2Size, parseLameTag, readLameTag } from './lame-tag';

/** Real files from the codec null-test fixtures: ffmpeg + libmp3lame, 5 s mono at 44.1 kHz, with an ID3v2 tag. */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../../tests/e2e/fixtures/codecs/${name}`, import.meta.url)));
const SOURCE_FRAMES = 5 * 44_100;

describe('parseLameTag on real ffmpeg/LAME output', () => {
  it('reads delay and padding, which add up to the source length', () => {
    const bytes = fixture('inverted-44k.mp3');
    const tag = parseLameTag(bytes.subarray(id3v2Size(bytes) ?? 0));
    expect(tag).toMatchObject({ encoderDelay: 576, samplesPerFrame: 1152 });
    expect(tag!.encoder).toMatch(/^Lavc/);
    expect(tag!.frameCount! * tag!.samplesPerFrame - tag!.encoderDelay - tag!.padding).toBe(SOURCE_FRAMES);
  });

  it('finds the tag past the ID3v2 tag when reading the Blob', async () => {
    const bytes = fixture('inverted-44k.mp3');
    expect(id3v2Size(bytes)).toBeGreaterThan(10);
    expect(await readLameTag(new Blob([bytes]))).toEqual(parseLameTag(bytes.subarray(id3v2Size(bytes)!)));
  });

  it('returns null for an MP3 written without the Xing/LAME frame', async () => {
    expect(await readLameTag(new Blob([fixture('inverted-44k-noxing.mp3')]))).toBeNull();
  });
});

/** A first frame with an Info header and LAME extension, laid out as the MPEG version and channel mode require. */
function infoFrame(o: { mpeg1: boolean; mono: boolean; flags: number; encoder: string; delay: number; padding: number; frames?: number }) {
  const bytes = new Uint8Array(1024);
  bytes.set([0xff, o.mpeg1 ? 0xfb : 0xf3, 0x90, o.mono ? 0xc0 : 0x00]);
  let p = 4 + (o.mpeg1 ? (o.mono ? 17 : 32) : o.mono ? 9 : 17);
  bytes.set([...'Info'].map((c) => c.charCodeAt(0)), p);
  new DataView(bytes.buffer).setUint32(p + 4, o.flags);
  p += 8;
  if (o.flags & 1) new DataView(bytes.buffer).setUint32(p, o.frames ?? 0);
  p += (o.flags & 1 ? 4 : 0) + (o.flags & 2 ? 4 : 0) + (o.flags & 4 ? 100 : 0) + (o.flags & 8 ? 4 : 0);
  bytes.set([...o.encoder.padEnd(9, ' ')].map((c) => c.charCodeAt(0)), p);
  bytes.set([o.delay >> 4, ((o.delay & 0xf) << 4) | (o.padding >> 8), o.padding & 0xff], p + 21);
  return bytes;
}

describe('parseLameTag on every frame layout', () => {
  it.each([
    { mpeg1: true, mono: false, flags: 15, frames: 400, samplesPerFrame: 1152 },
    { mpeg1: true, mono: true, flags: 15, frames: 400, samplesPerFrame: 1152 },
    { mpeg1: false, mono: false, flags: 15, frames: 400, samplesPerFrame: 576 },
    { mpeg1: false, mono: true, flags: 15, frames: 400, samplesPerFrame: 576 },
    { mpeg1: true, mono: false, flags: 0, frames: undefined, samplesPerFrame: 1152 },
    { mpeg1: true, mono: false, flags: 1 | 8, frames: 9, samplesPerFrame: 1152 },
  ])('MPEG-1 $mpeg1, mono $mono, flags $flags', ({ samplesPerFrame, frames, ...layout }) => {
    const tag = parseLameTag(infoFrame({ ...layout, frames, encoder: 'LAME3.100', delay: 1105, padding: 2047 }));
    expect(tag).toEqual({ encoder: 'LAME3.100', encoderDelay: 1105, padding: 2047, frameCount: frames ?? null, samplesPerFrame });
  });

  it('ignores an Xing header written by an encoder without the LAME extension', () => {
    expect(parseLameTag(infoFrame({ mpeg1: true, mono: false, flags: 15, encoder: '\0\0\0\0', delay: 576, padding: 0 }))).toBeNull();
  });

  it('skips junk before the first frame sync', () => {
    const frame = infoFrame({ mpeg1: true, mono: false, flags: 15, frames: 10, encoder: 'LAME3.99r', delay: 576, padding: 100 });
    const bytes = new Uint8Array(frame.length + 7);
    bytes.set(frame, 7);
    expect(parseLameTag(bytes)?.encoderDelay).toBe(576);
  });
});

describe('id3v2Size', () => {
  it('reads the synchsafe size and counts the footer', () => {
    const header = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0x10, 0x00, 0x00, 0x02, 0x01]);
    expect(id3v2Size(header)).toBe(10 + 257 + 10);
    header[5] = 0;
    expect(id3v2Size(header)).toBe(10 + 257);
    expect(id3v2Size(new Uint8Array([0xff, 0xfb, 0x90, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
  });
});
