/**
 * CDKTF 0.21 records a full stack trace for every token it creates (`captureStackTrace` with an
 * unlimited depth, formatted on the spot), only to decorate errors about misused tokens. On a
 * large platform that formatting is a fifth of synth time. This wraps the one place the kit
 * builds and synthesizes stacks, so traces are left unformatted there; with `PLATFORM_DEBUG`
 * set, nothing changes and every trace is kept. Delete this file when CDKTF stops doing it.
 */
export function withoutTokenStackTraces<T>(run: () => T, debug = Boolean(process.env.PLATFORM_DEBUG)): T {
  if (debug) return run();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => '';
  try {
    return run();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
