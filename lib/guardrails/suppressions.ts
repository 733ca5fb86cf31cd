/**
 * Waiving a rule for one resource is allowed, silently never: every suppression names the rule,
 * carries a written reason a reviewer can judge, and is listed in the synthesis output.
 *
 * Two ways to write one:
 * - in the spec (`suppress:` on a secret, parameter or function, or `guardrails.suppress` for
 *   the whole platform): applies to every resource built from that entry;
 * - on a construct (`suppress(construct, 'KIT-...', 'reason')`): applies to the construct and
 *   everything beneath it, for resources the spec does not describe.
 */
import type { IConstruct } from 'constructs';
import { SpecPath, describeValue, formatPath } from '../core/errors';
import type { PlatformModel, SuppressionModel } from '../core/model';
import { ConstructNotes } from './construct-notes';
import { RULE_ID_PATTERN } from './rule';

/** The shortest reason accepted: long enough to say why, not just "ok". */
export const MIN_REASON_LENGTH = 10;

export interface Suppression {
  readonly rule: string;
  readonly reason: string;
  /** Where it was written: `platform.yaml: secrets.db/password.suppress[0]` or `construct a/b/c`. */
  readonly source: string;
  /**
   * The spec entry whose resources it covers (`['secrets', 'db/password']`; `[]` for the whole
   * platform); undefined for a suppression written on a construct.
   */
  readonly scope?: SpecPath;
}

const onConstructs = new ConstructNotes<Suppression>();

/**
 * Waives `ruleId` for `construct` and everything beneath it. Throws when the rule id is not an
 * id or the reason is shorter than {@link MIN_REASON_LENGTH} characters.
 */
export function suppress(construct: IConstruct, ruleId: string, reason: string): void {
  const where = `suppress(${construct.node.path || '(app)'}, ${describeValue(ruleId)})`;
  if (!RULE_ID_PATTERN.test(ruleId)) {
    throw new Error(`${where}: expected a guardrail rule id such as \`KIT-SECRET-ROTATION\``);
  }
  if (typeof reason !== 'string' || reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(
      `${where}: a suppression needs a written reason of at least ${MIN_REASON_LENGTH} characters; got ${describeValue(reason)}`,
    );
  }
  onConstructs.add(construct, { rule: ruleId, reason: reason.trim(), source: `construct ${construct.node.path}` });
}

/**
 * Suppressions written on the construct at `path` or any of its ancestors, nearest first, in
 * the construct tree of `tree`.
 */
export function constructSuppressions(tree: IConstruct | undefined, path: string): Suppression[] {
  return onConstructs.at(tree, path);
}

/** Every suppression written in the spec, each once (the model repeats them per environment). */
export function specSuppressions(platform: PlatformModel | undefined, specFile: string): Suppression[] {
  if (!platform) return [];
  const all: SuppressionModel[] = [...platform.suppressions];
  for (const env of platform.environments) {
    for (const entry of [...env.secrets, ...env.parameters, ...env.functions]) all.push(...entry.suppressions);
  }
  const unique = new Map(all.map((s) => [formatPath(s.specPath), s]));
  return [...unique.entries()].map(([where, s]) => ({
    rule: s.rule,
    reason: s.reason,
    source: `${specFile}: ${where}`,
    // `secrets.db/password.suppress[0]` covers `secrets.db/password`; `guardrails.suppress[0]` covers all.
    scope: s.specPath[0] === 'guardrails' ? [] : s.specPath.slice(0, -2),
  }));
}

/** Whether a spec suppression covers a resource of the given origin. */
export function covers(suppression: Suppression, origin: SpecPath | undefined): boolean {
  const scope = suppression.scope;
  if (!scope) return false;
  if (scope.length === 0) return true;
  return origin !== undefined && scope.length <= origin.length && scope.every((part, i) => origin[i] === part);
}
