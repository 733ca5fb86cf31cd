/** Rotation intervals: `30d`, `12h`. */
import { DURATION_PATTERN } from './schema';

/** Hours in an `every` interval (`30d` -> 720), or undefined when it is not one. */
export function intervalHours(every: string): number | undefined {
  const m = DURATION_PATTERN.exec(every);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'd' ? n * 24 : n;
}
