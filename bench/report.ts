import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Figure {
  group: string;
  name: string;
  value: number;
  unit: string;
  /** What we aim for, in words (e.g. "≥ 0.5 × health"); empty when there is no target. */
  target?: string;
  /** The same measurement on the baseline run in the same session, when there is one. */
  baseline?: { name: string; value: number };
  /** Whether the target was met; undefined when there is no target. */
  pass?: boolean;
  /**
   * A correctness bar, not a speed target (silence after Stop, no discontinuity): a miss fails the
   * group, so the quick run inside `npm test` fails too. Speed targets only report, since a loaded
   * machine may miss them.
   */
  required?: boolean;
}

/** How one figure group went: its figures, or why it failed (the other groups still report). */
export interface GroupResult {
  group: string;
  seconds: number;
  figures: Figure[];
  failed?: string;
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

export function toMarkdown(groups: GroupResult[], meta: Record<string, string>): string {
  const lines = [
    '# StageTracker Pro benchmark',
    '',
    ...Object.entries(meta).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '| group | figure | value | target | baseline (same run) | ratio | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const g of groups) {
    for (const f of g.figures) {
      const baseline = f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit}` : '';
      // Levels in dB compare by difference; everything else by ratio.
      const ratio = !f.baseline ? '' : f.unit.startsWith('dB') ? `${fmt(f.value - f.baseline.value)} dB` : f.baseline.value ? `${fmt(f.value / f.baseline.value)}×` : '';
      const met = f.pass === undefined ? '' : f.pass ? 'yes' : '**no**';
      lines.push(`| ${f.group} | ${f.name} | ${fmt(f.value)} ${f.unit} | ${f.target ?? ''} | ${baseline} | ${ratio} | ${met} |`);
    }
    if (g.failed) lines.push(`| ${g.group} | **failed: ${g.failed.replaceAll('|', '/').replaceAll('\n', ' ')}** | | | | | **no** |`);
  }
  return lines.join('\n') + '\n';
}

export async function writeReport(dir: string, groups: GroupResult[], meta: Record<string, string>): Promise<string> {
  await mkdir(dir, { recursive: true });
  const md = toMarkdown(groups, meta);
  const figures = groups.flatMap((g) => g.figures);
  const summary = groups.map(({ group, seconds, failed }) => ({ group, seconds, ...(failed ? { failed } : {}) }));
  await writeFile(join(dir, 'latest.json'), JSON.stringify({ meta, groups: summary, figures }, null, 2) + '\n');
  await writeFile(join(dir, 'latest.md'), md);
  return md;
}
