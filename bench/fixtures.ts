/**
 * Audio fixtures the benchmark makes with ffmpeg (never committed): kept in a cache folder
 * (BENCH_CACHE, default <tmp>/stagetracker-bench-cache) under a key naming what was made, so a
 * second run reuses them. A folder is complete only once its `.done` marker exists.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeCodecPairs } from '../tests/e2e/fixtures/codec-encode.ts';
import { ffmpeg, requireFfmpeg } from '../tests/e2e/fixtures/ffmpeg-pcm.ts';

const CACHE = process.env.BENCH_CACHE ?? join(tmpdir(), 'stagetracker-bench-cache');

/** The folder for `key`, made by `make(dir)` unless a complete one exists. */
export function cached(key: string, make: (dir: string) => void): string {
  const dir = join(CACHE, key);
  if (existsSync(join(dir, '.done'))) return dir;
  requireFfmpeg();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  make(dir);
  writeFileSync(join(dir, '.done'), `${new Date().toISOString()} in ${Date.now() - started} ms\n`);
  console.log(`[bench] made fixtures ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

/** The codec pairs of tests/e2e/fixtures/codec-pairs.ts, `seconds` long (same encoders and options). */
export const longCodecPairs = (seconds: number) => cached(`codec-pairs-${seconds}s`, (dir) => encodeCodecPairs(dir, seconds));

/**
 * `count` different stereo stems of `seconds` at 48 kHz as Opus 64 kb/s: pink noise with its own
 * seed, plus a sine of its own pitch on the right channel, at about -20 dBFS RMS.
 */
export const opusStems = (count: number, seconds: number) =>
  cached(`opus-stems-${count}x${seconds}s`, (dir) => {
    for (let i = 0; i < count; i++) {
      ffmpeg([
        '-f', 'lavfi', '-i', `anoisesrc=d=${seconds}:c=pink:r=48000:a=0.25:s=${7001 + i}`,
        '-f', 'lavfi', '-i', `sine=f=${110 * (i + 1)}:r=48000:d=${seconds}`,
        '-filter_complex', '[1:a]volume=0.1[s];[0:a][s]join=inputs=2:channel_layout=stereo[out]',
        '-map', '[out]', '-c:a', 'libopus', '-b:a', '64k', join(dir, stemFile(i)),
      ]);
    }
  });

export const stemFile = (i: number) => `stem-${String(i + 1).padStart(2, '0')}.opus`;

/**
 * Songs for the command storm, at the context's rate (no resampling, so the discontinuity limit
 * is exact): a lossless pair (mono pink noise in FLAC and its exact 16-bit negation) that must
 * cancel, and a stereo "sound" stem whose left channel is digital silence and right channel
 * low-passed noise. At the output L carries only the pair's residual and R only the sound stem.
 */
export const stormSongs = (count: number, seconds: number, sampleRate: number) =>
  cached(`storm-v2-${count}x${seconds}s-${sampleRate}`, (dir) => {
    for (let k = 0; k < count; k++) {
      const noise = (seed: number) => ['-f', 'lavfi', '-i', `anoisesrc=d=${seconds}:c=pink:r=${sampleRate}:a=1:s=${seed}`];
      ffmpeg([...noise(3100 + k), '-af', 'highpass=f=40,lowpass=f=5000,volume=0.5', '-ac', '1', '-sample_fmt', 's16', '-c:a', 'flac', join(dir, `source-${k}.flac`)]);
      ffmpeg(['-i', join(dir, `source-${k}.flac`), '-af', 'volume=-1', '-sample_fmt', 's16', '-c:a', 'flac', join(dir, `inverted-${k}.flac`)]);
      // It rises from silence over 5 ms: a song's first frame plays at full level (as it should), and
      // a file that starts mid-waveform would make a step there that no transport action caused.
      ffmpeg([...noise(5100 + k), '-af', 'lowpass=f=2000,volume=0.5,afade=t=in:d=0.005,pan=stereo|c0=0*c0|c1=c0', '-sample_fmt', 's16', '-c:a', 'flac', join(dir, `sound-${k}.flac`)]);
    }
  });
