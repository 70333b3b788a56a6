/**
 * Program change → setlist entry. Devices send programs 0–127 but many display them as 1–128,
 * so which program selects the first entry is the performer's choice: 0 (the default: the
 * program a device shows as "1" is song 1) or 1 (for a device that shows 0–127: its "1" is song 1).
 */
export type ProgramBase = 0 | 1;

/** The 0-based entry index `program` (0–127, as sent) selects, or null when there is no such entry. */
export function entryIndexOfProgram(program: number, base: ProgramBase, entryCount: number): number | null {
  const index = program - base;
  return index >= 0 && index < entryCount ? index : null;
}
