/**
 * How far the heap may grow past what survived the last full garbage collection.
 *
 * A synth holds its construct tree (about 125 MB at 1,000 secrets) while each stack in turn is
 * resolved, serialized and judged, and each big stack leaves garbage as large as the tree.
 * V8's default lets a fast-collecting heap grow to about four times its live size before the
 * next full collection, so most of a large synth's peak memory is garbage waiting. The app caps
 * the growth at twice the live size: a third less peak memory, for a few percent more CPU
 * (`npm run bench` prints both). A `--heap-growing-percent` given on the command line or in
 * `NODE_OPTIONS` wins.
 */
import * as v8 from 'v8';

export const HEAP_GROWING_PERCENT = 100;

/** The V8 flag to set, or undefined when the process was given its own. */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions = ''): string | undefined {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
  return given ? undefined : `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** Applies the cap to this process; V8 reads the flag at every full collection. */
export function capHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag) v8.setFlagsFromString(flag);
}
