/**
 * What the built-in rotation function knows about a secret it rotates: the options of its
 * `GetRandomPassword` call. They travel with the secret, as one tag the kit sets on it (visible
 * in the plan); the handler reads the tag with DescribeSecret. A secret without the tag is not
 * one the function rotates. No AWS SDK here: the construct imports this file at synth time.
 */
import type { GenerateModel } from '../model';

/** The tag holding a secret's generator options: base64url of their compact JSON. */
export const ROTATION_OPTIONS_TAG = 'RotationGenerateOptions';

/** AWS accepts tag values up to 256 characters (Secrets Manager TagResource). */
export const TAG_VALUE_MAX_LENGTH = 256;

/**
 * The request of `GetRandomPassword`, by its API field names. A field is present only when it
 * differs from the API's default (32 characters, every class, no space, each class required),
 * which keeps the tag small.
 */
export interface PasswordOptions {
  readonly PasswordLength?: number;
  readonly ExcludeCharacters?: string;
  readonly ExcludeNumbers?: boolean;
  readonly ExcludePunctuation?: boolean;
  readonly ExcludeUppercase?: boolean;
  readonly ExcludeLowercase?: boolean;
  readonly IncludeSpace?: boolean;
  readonly RequireEachIncludedType?: boolean;
}

/**
 * What a generated value may be, whatever a tag says: the spec refuses anything outside these
 * bounds, and the rotation function refuses a tag outside them (anyone with TagResource can
 * edit a tag; a tag asking for 1 character must not be obeyed).
 */
export const GENERATED_VALUE_BOUNDS = {
  /** The floor: shorter values are guessable. */
  minLength: 16,
  /** GetRandomPassword's maximum. */
  maxLength: 4096,
} as const;

/** Generator settings as the model states them. */
export type GeneratorSettings = GenerateModel;

/** GetRandomPassword's own defaults (Secrets Manager API reference). */
const API_DEFAULTS = { length: 32, requireEachIncludedType: true } as const;

export function passwordOptions(g: GeneratorSettings): PasswordOptions {
  const options: Record<string, string | number | boolean> = {};
  if (g.length !== API_DEFAULTS.length) options.PasswordLength = g.length;
  if (g.excludeCharacters) options.ExcludeCharacters = g.excludeCharacters;
  if (g.excludeNumbers) options.ExcludeNumbers = true;
  if (g.excludePunctuation) options.ExcludePunctuation = true;
  if (g.excludeUppercase) options.ExcludeUppercase = true;
  if (g.excludeLowercase) options.ExcludeLowercase = true;
  if (g.includeSpace) options.IncludeSpace = true;
  if (g.requireEachIncludedType !== API_DEFAULTS.requireEachIncludedType) options.RequireEachIncludedType = g.requireEachIncludedType;
  return options;
}

/** The tag's value: base64url (letters, digits, `-`, `_`), all characters AWS allows in a tag value. */
export function encodeGenerateOptions(options: PasswordOptions): string {
  return Buffer.from(JSON.stringify(options), 'utf8').toString('base64url');
}

/** The tag value of a secret generated with `g`. */
export function rotationOptionsTagValue(g: GeneratorSettings): string {
  return encodeGenerateOptions(passwordOptions(g));
}

const OPTION_TYPES: Readonly<Record<keyof PasswordOptions, 'number' | 'string' | 'boolean'>> = {
  PasswordLength: 'number',
  ExcludeCharacters: 'string',
  ExcludeNumbers: 'boolean',
  ExcludePunctuation: 'boolean',
  ExcludeUppercase: 'boolean',
  ExcludeLowercase: 'boolean',
  IncludeSpace: 'boolean',
  RequireEachIncludedType: 'boolean',
};

/**
 * Reads a secret's options back from its tags. A missing tag means the kit did not configure
 * the secret for this function; a malformed one is a tampered or hand-made tag. Both are named.
 */
export function optionsFromTags(secretName: string, tags: readonly { Key?: string; Value?: string }[] | undefined): PasswordOptions {
  const tag = tags?.find((t) => t.Key === ROTATION_OPTIONS_TAG);
  if (tag?.Value === undefined) {
    throw new Error(
      `secret ${secretName} has no ${ROTATION_OPTIONS_TAG} tag: this function rotates only the secrets the kit configured for it (\`rotation.function: builtin\` on a generated secret)`,
    );
  }
  return decodeGenerateOptions(secretName, tag.Value);
}

export function decodeGenerateOptions(secretName: string, raw: string): PasswordOptions {
  const where = `secret ${secretName}, tag ${ROTATION_OPTIONS_TAG}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new Error(`${where}: not base64url of JSON; expected the encoded GetRandomPassword options the kit writes`);
  }
  if (!isRecord(parsed)) throw new Error(`${where}: must encode a JSON object of GetRandomPassword options`);
  for (const [field, value] of Object.entries(parsed)) {
    const expected = OPTION_TYPES[field as keyof PasswordOptions];
    if (expected === undefined) throw new Error(`${where}: unknown option ${field}; allowed: ${Object.keys(OPTION_TYPES).join(', ')}`);
    if (typeof value !== expected) throw new Error(`${where}: ${field} must be a ${expected}`);
  }
  const options = parsed as PasswordOptions;
  const length = options.PasswordLength ?? API_DEFAULTS.length;
  const { minLength, maxLength } = GENERATED_VALUE_BOUNDS;
  if (!Number.isInteger(length) || length < minLength || length > maxLength) {
    throw new Error(
      `${where}: PasswordLength ${length} is outside the bounds the kit allows (${minLength} to ${maxLength}); refusing to rotate. The tag was changed outside the kit: restore it with \`cdktf deploy\` and find out who changed it`,
    );
  }
  if (options.ExcludeNumbers && options.ExcludePunctuation && options.ExcludeUppercase && options.ExcludeLowercase) {
    throw new Error(`${where}: every character class is excluded; refusing to rotate. The tag was changed outside the kit: restore it with \`cdktf deploy\``);
  }
  return options;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
