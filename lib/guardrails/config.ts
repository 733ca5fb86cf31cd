/**
 * Reading synthesized Terraform JSON the way Terraform does: a nested block may be written as
 * an object or a list of objects, a boolean as `true` or `"true"`, and any value may be an
 * expression (`${...}`) whose result is only known at apply time.
 */

export type Config = Readonly<Record<string, unknown>>;

const EXPRESSION = /\$\{/;

/** True when the value is (or contains) a Terraform expression rather than a literal. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && EXPRESSION.test(value);
}

/** A literal string: set, not empty, and not computed by Terraform. */
export function isLiteralString(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !isExpression(value);
}

/** Set to something other than null or an empty string. */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** A number, or a numeric string; undefined for expressions and anything else. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/** Every instance of a nested block, whichever way it was written. */
export function blocks(config: Config, name: string): Config[] {
  const value = config[name];
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The single instance of a nested block (`lifecycle`, `environment`), or an empty one. */
export function block(config: Config, name: string): Config {
  return blocks(config, name)[0] ?? {};
}

export function isObject(value: unknown): value is Config {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One value or a list, as a list (IAM's `"Action": "x"` vs `["x", "y"]`). */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A string found in a value: its dotted place (`tags.team`, `statement[0].actions[1]`), the last part of that place, and the string. */
export interface FoundString {
  readonly at: string;
  readonly key: string;
  readonly value: string;
}

/** Every string in a value, with the dotted place where it was found, in document order. */
export function stringsIn(value: unknown, at = ''): FoundString[] {
  const found: FoundString[] = [];
  collectStrings(value, at, found);
  return found;
}

function collectStrings(value: unknown, at: string, found: FoundString[]): void {
  if (typeof value === 'string') {
    found.push({ at, key: at.slice(at.lastIndexOf('.') + 1), value });
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collectStrings(value[i], `${at}[${i}]`, found);
  } else if (isObject(value)) {
    for (const k of Object.keys(value)) {
      // cdktf's own metadata (construct paths, stack traces) is not configuration.
      if (k === '//') continue;
      collectStrings(value[k], at === '' ? k : `${at}.${k}`, found);
    }
  }
}

/**
 * `aws_kms_key.env_key` and `data.aws_iam_policy_document.x` from the first reference in an
 * expression (`${aws_kms_key.env_key.arn}`), or undefined for a literal.
 */
export function referencedAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /\$\{\s*((?:data\.|ephemeral\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)/.exec(value);
  return match?.[1];
}

/** Whether an expression anywhere inside `value` refers to the element at `address`. */
export function refersTo(value: unknown, address: string): boolean {
  for (const { value: s } of stringsIn(value)) {
    if (!isExpression(s)) continue;
    let from = s.indexOf(address);
    while (from >= 0) {
      const next = s.charAt(from + address.length);
      const before = s.charAt(from - 1);
      if (!/[A-Za-z0-9_.-]/.test(before) && (next === '.' || next === '}' || next === '[' || next === '')) return true;
      from = s.indexOf(address, from + 1);
    }
  }
  return false;
}
