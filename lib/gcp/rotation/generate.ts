/**
 * The generator's options on GCP, shared by the ephemeral `random_password` (first value, at
 * apply) and the built-in rotator (every later value), so both draw from the same characters.
 * No cdktf or provider import here: this file is bundled into the rotator.
 */
import { randomInt } from 'crypto';

/** hashicorp/random's special characters when `override_special` is not set. */
export const RANDOM_DEFAULT_SPECIALS = '!@#$%&*()-_=+[]{}<>:?';

/** Bounds the rotator enforces whatever the secret's annotation says. */
export const GENERATE_BOUNDS = { minLength: 1, maxLength: 4096 } as const;

/** The generator's options, as GCP understands them. */
export interface GcpGenerateOptions {
  readonly length: number;
  readonly excludeCharacters?: string;
  readonly excludeNumbers: boolean;
  readonly excludePunctuation: boolean;
  readonly excludeUppercase: boolean;
  readonly excludeLowercase: boolean;
  /** Add a space to the special characters. @default false */
  readonly includeSpace?: boolean;
}

export interface CharacterSets {
  readonly lower: string;
  readonly upper: string;
  readonly numeric: string;
  /** The special characters in use (`''` when punctuation is excluded). */
  readonly special: string;
}

/** The characters of each class a value may hold; every non-empty class appears at least once. */
export function characterSets(g: GcpGenerateOptions): CharacterSets {
  const excluded = new Set(g.excludeCharacters ?? '');
  const specials = `${[...RANDOM_DEFAULT_SPECIALS].filter((c) => !excluded.has(c)).join('')}${g.includeSpace ? ' ' : ''}`;
  return {
    lower: g.excludeLowercase ? '' : 'abcdefghijklmnopqrstuvwxyz',
    upper: g.excludeUppercase ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    numeric: g.excludeNumbers ? '' : '0123456789',
    special: g.excludePunctuation ? '' : specials,
  };
}

/** Why the options cannot be honoured on GCP; `undefined` when they can. */
export function generateOptionsProblem(g: GcpGenerateOptions): string | undefined {
  if (!Number.isInteger(g.length) || g.length < GENERATE_BOUNDS.minLength || g.length > GENERATE_BOUNDS.maxLength) {
    return `\`length\` must be a whole number from ${GENERATE_BOUNDS.minLength} to ${GENERATE_BOUNDS.maxLength}; got ${g.length}`;
  }
  const alnum = [...(g.excludeCharacters ?? '')].filter((c) => /[A-Za-z0-9]/.test(c));
  if (alnum.length > 0) {
    return `\`excludeCharacters\` holds letters or digits (${JSON.stringify(alnum.join(''))}); on GCP the generator (random_password) can only drop whole classes (\`excludeNumbers\`, \`excludeUppercase\`, \`excludeLowercase\`) or punctuation characters`;
  }
  const classes = Object.values(characterSets(g)).filter((s) => s.length > 0).length;
  if (classes === 0) return 'every character class is excluded; leave at least one of letters, digits or punctuation';
  if (g.length < classes) return `\`length\` ${g.length} is shorter than the ${classes} character classes the value must each include`;
  return undefined;
}

/** A value drawn with a cryptographic generator: one of each class in use, the rest from all of them, shuffled. */
export function generateValue(g: GcpGenerateOptions, draw: (max: number) => number = randomInt): string {
  const problem = generateOptionsProblem(g);
  if (problem) throw new Error(`cannot generate a value: ${problem}`);
  const sets = Object.values(characterSets(g)).filter((s) => s.length > 0);
  const all = sets.join('');
  const chars = sets.map((s) => s[draw(s.length)]);
  while (chars.length < g.length) chars.push(all[draw(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = draw(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** The options as the secret's `generate` annotation holds them (compact JSON, fixed key order). */
export function encodeGenerateOptions(g: GcpGenerateOptions): string {
  return JSON.stringify({
    length: g.length,
    excludeCharacters: g.excludeCharacters ?? '',
    excludeNumbers: g.excludeNumbers,
    excludePunctuation: g.excludePunctuation,
    excludeUppercase: g.excludeUppercase,
    excludeLowercase: g.excludeLowercase,
    includeSpace: g.includeSpace ?? false,
  });
}

/**
 * The options from an annotation, refused loudly (an error naming the problem) when anything is
 * missing, of the wrong type, or out of bounds: anyone who can edit annotations could otherwise
 * ask for a one-character password.
 */
export function decodeGenerateOptions(text: string | undefined, minLength: number = GENERATE_BOUNDS.minLength): GcpGenerateOptions {
  if (text === undefined) throw new Error('the secret has no `generate` annotation: it is not a generated secret the built-in rotator may rotate');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`the \`generate\` annotation is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('the `generate` annotation is not a JSON object');
  const o = raw as Record<string, unknown>;
  const bool = (k: string) => {
    if (typeof o[k] !== 'boolean') throw new Error(`the \`generate\` annotation's \`${k}\` must be true or false; got ${JSON.stringify(o[k])}`);
    return o[k] as boolean;
  };
  if (typeof o.length !== 'number' || !Number.isInteger(o.length)) throw new Error(`the \`generate\` annotation's \`length\` must be a whole number; got ${JSON.stringify(o.length)}`);
  if (o.length < minLength) throw new Error(`the \`generate\` annotation asks for length ${o.length}, below the floor of ${minLength}; refusing to weaken the secret`);
  if (typeof o.excludeCharacters !== 'string') throw new Error('the `generate` annotation\'s `excludeCharacters` must be a string');
  const options: GcpGenerateOptions = {
    length: o.length,
    excludeCharacters: o.excludeCharacters,
    excludeNumbers: bool('excludeNumbers'),
    excludePunctuation: bool('excludePunctuation'),
    excludeUppercase: bool('excludeUppercase'),
    excludeLowercase: bool('excludeLowercase'),
    includeSpace: bool('includeSpace'),
  };
  const problem = generateOptionsProblem(options);
  if (problem) throw new Error(`the \`generate\` annotation cannot be honoured: ${problem}`);
  return options;
}
