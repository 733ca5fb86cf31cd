/** Rotation intervals: `30d`, `12h`, `rate(7 days)`, `cron(...)`. */
import { DURATION_PATTERN } from './schema';

/** Hours in an `every` interval (`30d` -> 720), or undefined when it is not one. */
export function intervalHours(every: string): number | undefined {
  const m = DURATION_PATTERN.exec(every);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'd' ? n * 24 : n;
}

/** Hours between rotations of a `rate(N unit)` expression, or undefined for `cron(...)`. */
export function rateHours(schedule: string): number | undefined {
  const m = /^rate\((\d+) (hour|hours|day|days)\)$/.exec(schedule);
  if (!m) return undefined;
  return m[2].startsWith('day') ? Number(m[1]) * 24 : Number(m[1]);
}

/** `30d` -> `rate(30 days)`, `12h` -> `rate(12 hours)`. */
export function everyToSchedule(every: string): string {
  const m = DURATION_PATTERN.exec(every);
  if (!m) throw new Error(`not an interval: ${every}`);
  const n = Number(m[1]);
  const unit = m[2] === 'd' ? 'day' : 'hour';
  return `rate(${n} ${unit}${n === 1 ? '' : 's'})`;
}
