/**
 * `BENCH_QUICK=1`: every figure group once, in seconds, so `npm test` proves each still works.
 * The numbers of a quick run are not the product's figures: `npm run bench` takes those.
 */
export const QUICK = process.env.BENCH_QUICK === '1';

/** The full-run value, or the quick one. */
export const sized = <T>(full: T, quick: T): T => (QUICK ? quick : full);
