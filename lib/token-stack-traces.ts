/**
 * CDKTF 0.21 records a full stack trace for every token it creates (`Error.captureStackTrace`
 * with an unlimited depth, then formatted), only to decorate errors about misused tokens. On a
 * large platform capturing and formatting them is a tenth to a fifth of synth time. This wraps
 * the one place the kit builds and synthesizes stacks: there, the unlimited-depth captures CDKTF
 * asks for are skipped (the token gets an empty trace), and any other trace is left unformatted.
 * With `PLATFORM_DEBUG` set, nothing changes and every trace is kept. Delete this file when
 * CDKTF stops doing it.
 */
export function withoutTokenStackTraces<T>(run: () => T, debug = Boolean(process.env.PLATFORM_DEBUG)): T {
  if (debug) return run();
  const previousPrepare = Error.prepareStackTrace;
  const capture = Error.captureStackTrace;
  Error.prepareStackTrace = () => '';
  // CDKTF's token traces raise the limit to MAX_SAFE_INTEGER just around their capture.
  Error.captureStackTrace = (target: object, below?: Function) => {
    if (Error.stackTraceLimit !== Number.MAX_SAFE_INTEGER) capture.call(Error, target, below);
  };
  try {
    return run();
  } finally {
    Error.captureStackTrace = capture;
    Error.prepareStackTrace = previousPrepare;
  }
}
