import type { LrcProblem } from './lrc';

const SHOWN = 5;
const TEXT_CHARS = 40;

const clip = (text: string) => {
  const t = text.trim();
  return t.length > TEXT_CHARS ? `${t.slice(0, TEXT_CHARS - 1)}…` : t;
};

/** `line 3 “Written by …” (no time stamp)`. */
const describeProblem = (p: LrcProblem) => `${p.line ? `line ${p.line} ` : ''}“${clip(p.text)}” (${p.reason})`;

/** The first few problems, then how many more: a file of 300 bad lines must not become a wall of text. */
function listed(problems: readonly LrcProblem[]): string {
  const shown = problems.slice(0, SHOWN).map(describeProblem).join(', ');
  return problems.length > SHOWN ? `${shown} and ${problems.length - SHOWN} more` : shown;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What an import did, in one message: how many lines came in, which were skipped or read in part and why. */
export function importReport(fileName: string, imported: number, skipped: readonly LrcProblem[], partial: readonly LrcProblem[]): string {
  const parts = [
    imported
      ? `Imported ${plural(imported, 'line', 'lines')} from “${fileName}”`
      : `“${fileName}” has no readable timed lines ([mm:ss.xx] text); the lyrics stay as they were`,
  ];
  if (skipped.length) parts.push(`skipped ${skipped.length}: ${listed(skipped)}`);
  if (partial.length) parts.push(`read in part: ${listed(partial)}`);
  return `${parts.join('; ')}.`;
}
