/** Secrets Manager schedules: `rate(...)` and `cron(...)` expressions. */

/** Hours between rotations of a `rate(N unit)` expression, or undefined for `cron(...)`. */
export function rateHours(schedule: string): number | undefined {
  const m = /^rate\((\d+) (hour|hours|day|days)\)$/.exec(schedule);
  if (!m) return undefined;
  return m[2].startsWith('day') ? Number(m[1]) * 24 : Number(m[1]);
}

/** `30d` -> `rate(30 days)`, `12h` -> `rate(12 hours)`. */
export function everyToSchedule(every: string): string {
  const m = /^(\d{1,4})([hd])$/.exec(every);
  if (!m) throw new Error(`not an interval: ${every}`);
  const n = Number(m[1]);
  const unit = m[2] === 'd' ? 'day' : 'hour';
  return `rate(${n} ${unit}${n === 1 ? '' : 's'})`;
}
