/**
 * The two extension points of the rotation protocol. `createSecret` and `finishSecret` only
 * touch Secrets Manager and are the same for every generated secret; `setSecret` and
 * `testSecret` are where a system that holds its own copy of the value (a database user, a
 * third-party API key) learns and proves the new one. The built-in function uses the defaults
 * below; a team that needs more builds its own function with `createRotationHandler(hooks)`
 * and names its ARN in the spec's `rotation.function`.
 */
import type { PasswordOptions } from './config';

export interface RotationContext {
  /** The secret's ARN. */
  readonly secretArn: string;
  /** The secret's name, `{project}/{env}/{path}`. */
  readonly secretName: string;
  /** The new version's id (the `ClientRequestToken` of the rotation). */
  readonly token: string;
  /** The generator options of this secret. */
  readonly options: PasswordOptions;
  /** The new value (`AWSPENDING`). Hand it to the system that needs it; never log it. */
  pendingValue(): Promise<string>;
  /** The value in use (`AWSCURRENT`), e.g. to log in to the system and change the password. */
  currentValue(): Promise<string>;
  /** Writes a log line (values are scrubbed from it). */
  log(message: string): void;
}

export interface RotationHooks {
  /**
   * Makes the pending value effective in the system that checks it. Runs after `createSecret`
   * stored the value as `AWSPENDING`, before anyone reads it as `AWSCURRENT`. Must be
   * idempotent: Secrets Manager retries a failed step with the same token.
   */
  setSecret(ctx: RotationContext): Promise<void>;
  /**
   * Proves the pending value works. A throw stops the rotation: `AWSCURRENT` stays on the old
   * value and Secrets Manager retries later.
   */
  testSecret(ctx: RotationContext): Promise<void>;
}

/**
 * The built-in function's hooks. A generated secret of this kit has no copy anywhere else
 * (workloads read it from Secrets Manager at run time), so `setSecret` has nothing to do, and
 * `testSecret` checks that the stored value is one the generator options describe.
 */
export const DEFAULT_HOOKS: RotationHooks = {
  async setSecret(ctx) {
    ctx.log('setSecret: no system outside Secrets Manager holds this value; nothing to set');
  },
  async testSecret(ctx) {
    const pending = await ctx.pendingValue();
    // With RotateImmediately off, Secrets Manager tests the configuration on a pending copy of
    // the current value: that one only has to be readable (it may predate today's options).
    if (pending === (await ctx.currentValue())) {
      ctx.log('testSecret: the pending version is a copy of the current value (a configuration test); it is readable');
      return;
    }
    const problem = checkAgainstOptions(pending, ctx.options);
    if (problem) throw new Error(`testSecret: the pending value of ${ctx.secretName} ${problem}`);
    ctx.log('testSecret: the pending value is readable and matches the generator options');
  },
};

const DEFAULT_LENGTH = 32;
/** Secrets Manager's punctuation set for generated passwords. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

/** What is wrong with `value` under `options`, without ever quoting it; undefined when nothing. */
export function checkAgainstOptions(value: string, options: PasswordOptions): string | undefined {
  const length = options.PasswordLength ?? DEFAULT_LENGTH;
  if (value.length !== length) return `has ${value.length} characters; the generator makes ${length}`;
  const excluded = [...(options.ExcludeCharacters ?? '')].filter((c) => value.includes(c));
  if (excluded.length > 0) return `contains ${excluded.length} excluded character(s)`;
  const classes: [boolean | undefined, RegExp, string][] = [
    [options.ExcludeNumbers, /[0-9]/, 'a digit'],
    [options.ExcludeUppercase, /[A-Z]/, 'an uppercase letter'],
    [options.ExcludeLowercase, /[a-z]/, 'a lowercase letter'],
    [options.ExcludePunctuation, PUNCTUATION, 'punctuation'],
  ];
  for (const [excludedClass, pattern, what] of classes) {
    if (excludedClass && pattern.test(value)) return `contains ${what}, which the generator excludes`;
  }
  if (!options.IncludeSpace && value.includes(' ')) return 'contains a space, which the generator excludes';
  return undefined;
}
