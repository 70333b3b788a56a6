import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findITunSMPBInMoov, findMp4ITunSMPB, parseITunSMPB } from './itunsmpb';

const fixture = (name: string) => new Blob([readFileSync(new URL(`../../../tests/e2e/fixtures/codecs/${name}`, import.meta.url))]);

describe('parseITunSMPB', () => {
  it.each([
    [' 00000000 00000840 000001CA 00000000003F31F6 00000000 00000000', { delay: 2112, padding: 458, length: 4141558 }],
    ['00000000 00000400 00000334 0000000000035D54', { delay: 1024, padding: 820, length: 220500 }],
    [' 00000000 00000840 000001ca 00000000003f31f6\0\0', { delay: 2112, padding: 458, length: 4141558 }],
    [' 00000000 00000840 000001CA', null],
    [' 00000000 0000084G 000001CA 00000000003F31F6', null],
    [' 00000000 00000000 00000000 0000000000000000', null],
  ])('%j', (text, expected) => {
    expect(parseITunSMPB(text)).toEqual(expected);
  });
});

describe('findMp4ITunSMPB', () => {
  it('reads the tag from an AAC file without an edit list (ffmpeg + the iTunes atom)', async () => {
    const tag = await findMp4ITunSMPB(fixture('inverted-44k-itunsmpb.m4a'));
    expect(tag).toMatchObject({ delay: 1024, length: 5 * 44_100 });
    expect((tag!.delay + tag!.length + tag!.padding) % 1024).toBe(0); // whole AAC frames
  });

  it('returns null for a file without the tag', async () => {
    expect(await findMp4ITunSMPB(fixture('inverted-44k.m4a'))).toBeNull();
    expect(await findMp4ITunSMPB(new Blob([new Uint8Array(3)]))).toBeNull();
  });

  it('accepts a QuickTime-style meta box (no version/flags) and skips other freeform atoms', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const box = (type: string, ...parts: Uint8Array[]) => {
      const body = parts.reduce((a, b) => new Uint8Array([...a, ...b]), new Uint8Array());
      const out = new Uint8Array(8 + body.length);
      new DataView(out.buffer).setUint32(0, out.length);
      out.set(enc(type), 4);
      out.set(body, 8);
      return out;
    };
    const zero4 = new Uint8Array(4);
    const freeform = (name: string, value: string) =>
      box('----', box('mean', zero4, enc('com.apple.iTunes')), box('name', zero4, enc(name)), box('data', new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0]), enc(value)));
    const moov = box('moov', box('udta', box('meta', box('hdlr', new Uint8Array(25)), box('ilst', freeform('iTunNORM', ' 1 2 3 4'), freeform('iTunSMPB', ' 00000000 00000840 00000000 0000000000001000')))));
    expect(findITunSMPBInMoov(moov.subarray(8))).toEqual({ delay: 2112, padding: 0, length: 4096 });
  });
});
