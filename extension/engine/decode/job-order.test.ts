import { describe, expect, it } from 'vitest';
import { nextJob, type JobStem } from './job-order';
import { CHUNK_FRAMES } from './chunk-grid';
import { SHORT_SEC, WorkerStem } from './worker-stem';
import { NO_FAULTS } from './protocol';
import type { StemSource } from './stem-source';

const stem = (name: string, over: Partial<JobStem> = {}): JobStem & { name: string } => ({ name, wants: true, short: false, lead: 0, lastServed: 0, ...over });

describe('the decode worker job order', () => {
  it('serves a playing stem short of audio before an empty stem of a prepared song', () => {
    const playing = stem('playing bass', { short: true, lead: CHUNK_FRAMES });
    const prepared = stem('next song drums', { lead: 0 });
    expect(nextJob([prepared, playing])?.name).toBe('playing bass');
  });

  it('otherwise serves the fewest frames ahead, then in turn', () => {
    expect(nextJob([stem('a', { lead: 2 * CHUNK_FRAMES }), stem('b', { lead: CHUNK_FRAMES }), stem('c', { lead: 3 * CHUNK_FRAMES })])?.name).toBe('b');
    expect(nextJob([stem('a', { lastServed: 7 }), stem('b', { lastServed: 3 })])?.name).toBe('b');
    expect(nextJob([stem('a', { short: true, lead: CHUNK_FRAMES }), stem('b', { short: true, lead: 0 })])?.name).toBe('b');
  });

  it('skips stems with nothing to do', () => {
    expect(nextJob([stem('idle', { wants: false, short: true })])).toBeUndefined();
  });

  // A seeded storm of leads: whatever the mix, no prepared stem is served while a playing stem is short.
  it('never serves a prepared stem while a playing stem is short (seeded random states)', () => {
    let seed = 20261202;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 2000; round++) {
      const stems = Array.from({ length: 2 + Math.floor(rand() * 14) }, (_, i) => {
        const playing = rand() < 0.5;
        const lead = Math.floor(rand() * 4 * 44_100);
        return stem(`s${i}`, { wants: rand() < 0.8, short: playing && lead < SHORT_SEC * 44_100, lead, lastServed: Math.floor(rand() * 100) });
      });
      const picked = nextJob(stems);
      const wanting = stems.filter((s) => s.wants);
      if (!wanting.length) expect(picked).toBeUndefined();
      else if (wanting.some((s) => s.short)) expect(picked?.short).toBe(true);
      else expect(picked?.lead).toBe(Math.min(...wanting.map((s) => s.lead)));
    }
  });
});

describe('WorkerStem.short', () => {
  const source = { codec: 'pcm-s16', mimeType: 'audio/wav', chunks: async function* () {}, dispose() {} } as unknown as StemSource;
  it('is short only for the playing song, below SHORT_SEC decoded ahead', () => {
    const s = new WorkerStem(1, source, 44_100, () => {}, () => NO_FAULTS);
    s.seek(1, 0, 0, 4 * 44_100, true);
    expect(s.short).toBe(true);
    s.credit(1, 0, 4 * 44_100, false);
    expect(s.short).toBe(false);
  });
});
