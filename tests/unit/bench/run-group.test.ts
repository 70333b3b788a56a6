import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../../bench/report.ts';
import { runGroup } from '../../../bench/run-group.ts';

const quiet = { info: () => {}, error: () => {} };
const figure = { group: 'g', name: 'a figure', value: 1.5, unit: 'ms' };

describe('bench groups run on their own', () => {
  it.each([
    ['throws', () => Promise.reject(new Error('Play did not start the sources\nstack...')), 'Play did not start the sources'],
    ['measures nothing', () => Promise.resolve([]), 'measured nothing'],
    ['hangs', () => new Promise<never>(() => {}), 'did not finish within 0.05 s'],
  ])('a group that %s becomes a failed row with its reason', async (_, run, reason) => {
    const result = await runGroup({ name: 'g', run }, 50, quiet);
    expect(result.failed).toBe(reason);
    expect(result.figures).toEqual([]);
  });

  it('a working group keeps its figures, and the report shows both kinds of row', async () => {
    const ok = await runGroup({ name: 'ok', run: async () => [figure] }, 1000, quiet);
    const broken = await runGroup({ name: 'broken', run: async () => Promise.reject(new Error('no browser')) }, 1000, quiet);
    expect(ok.failed).toBeUndefined();
    const md = toMarkdown([ok, broken], {});
    expect(md).toContain('| g | a figure | 1.50 ms |');
    expect(md).toContain('| broken | **failed: no browser** |');
  });

  it('a missed required target (a correctness bar) fails the group and keeps its figures; a missed speed target does not', async () => {
    const slow = { ...figure, name: 'latency', target: '≤ 1 ms', pass: false };
    const clicks = { ...figure, name: 'discontinuities', value: 2, unit: 'events', target: '0', pass: false, required: true };
    const speedOnly = await runGroup({ name: 's', run: async () => [slow] }, 1000, quiet);
    expect(speedOnly.failed).toBeUndefined();
    const broken = await runGroup({ name: 'storm', run: async () => [slow, clicks] }, 1000, quiet);
    expect(broken.failed).toBe('required target missed: discontinuities = 2 events (0)');
    expect(broken.figures).toHaveLength(2);
  });
});
