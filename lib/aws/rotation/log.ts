/**
 * The rotation function's only way to write logs. A line carries the step, the secret's ARN,
 * the version id and a message; never a value. Every value the invocation has touched is
 * registered with `redact`, and every line and every error leaving the function is scrubbed of
 * them, so even a careless hook or an error that echoes its input cannot leak one.
 */

export interface LogFields {
  readonly step: string;
  /** The secret's ARN or name: not secret. */
  readonly secret: string;
  /** The `ClientRequestToken`, which is the new version's id: not secret. */
  readonly version: string;
}

export type LogSink = (line: string) => void;

const REDACTED = '[REDACTED]';

export class RotationLog {
  private readonly values = new Set<string>();

  constructor(
    private readonly fields: LogFields,
    private readonly sink: LogSink = (line) => console.log(line),
  ) {}

  /** Registers a value that must never appear in a log line or an error message. */
  redact(value: string | undefined): void {
    if (value) this.values.add(value);
  }

  info(message: string): void {
    this.write('INFO', message);
  }

  error(message: string): void {
    this.write('ERROR', message);
  }

  /** `text` with every registered value replaced; longest first, so no value leaks in part. */
  scrub(text: string): string {
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(value).join(REDACTED);
    return out;
  }

  /**
   * An error safe to rethrow to Lambda, which logs what it receives: the same name, a scrubbed
   * message, no stack (a stack repeats the message) and no cause (a cause may hold a request).
   */
  safeError(error: unknown): Error {
    const original = error instanceof Error ? error : new Error(String(error));
    const safe = new Error(this.scrub(original.message));
    safe.name = original.name;
    safe.stack = `${safe.name}: ${safe.message}`;
    return safe;
  }

  private write(level: 'INFO' | 'ERROR', message: string): void {
    // Scrubbed before JSON escaping, which would hide a value holding quotes or backslashes.
    this.sink(JSON.stringify({ level, ...this.fields, message: this.scrub(message) }));
  }
}
