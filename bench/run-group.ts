import type { Figure, GroupResult } from './report.ts';

export interface Group {
  name: string;
  run: () => Promise<Figure[]>;
  /** Why the group is not run this time (shown, never silent). */
  skip?: string;
}

/**
 * Runs one figure group on its own: an error, an empty result or an overrun becomes the group's
 * "failed" reason instead of ending the whole benchmark.
 */
export async function runGroup(group: Group, limitMs: number, log = { info: console.log, error: console.error }): Promise<GroupResult> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  log.info(`[bench] ${group.name}: starting`);
  let timer: NodeJS.Timeout | undefined;
  try {
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${limitMs / 1000} s`)), limitMs);
    });
    const figures = await Promise.race([group.run(), overrun]);
    if (figures.length === 0) throw new Error('measured nothing');
    log.info(`[bench] ${group.name}: ${figures.length} figures in ${seconds()} s`);
    const missed = figures.filter((f) => f.required && f.pass === false);
    if (missed.length > 0) {
      const reason = `required target missed: ${missed.map((f) => `${f.name} = ${f.value} ${f.unit} (${f.target})`).join('; ')}`;
      log.error(`[bench] ${group.name}: FAILED: ${reason}`);
      return { group: group.name, seconds: seconds(), figures, failed: reason };
    }
    return { group: group.name, seconds: seconds(), figures };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    log.error(`[bench] ${group.name}: FAILED after ${seconds()} s: ${reason}`);
    if (error instanceof Error && error.stack) log.error(error.stack);
    return { group: group.name, seconds: seconds(), figures: [], failed: reason.split('\n')[0]! };
  } finally {
    clearTimeout(timer);
  }
}
