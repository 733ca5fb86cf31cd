/**
 * The guardrail rule interface, the same for every cloud. A rule is a pure function from one
 * element of a synthesized stack to a verdict; the engine (the pack) finds the elements, ties
 * each to its spec entry, applies suppressions and reports. Rules never see constructs or
 * tokens: they read the configuration exactly as CDKTF wrote it to `cdk.tf.json` (snake_case
 * attributes, references as `${type.name.attr}`), so they judge what Terraform will receive,
 * whichever construct, escape hatch or override produced it.
 *
 * Writing rules for a cloud (AWS's are in `lib/aws/guardrails/`):
 * - one rule per file, exporting a {@link Rule}; `check` returns `not-applicable` for every
 *   element it does not judge (match on `kind` and `type`, e.g. `google_secret_manager_secret`),
 *   else `compliant` or {@link nonCompliant} with what exactly is wrong;
 * - read attributes with the helpers of `config.ts` (`blocks`, `isTrue`, `numberOf`,
 *   `isExpression`, ...): Terraform accepts a nested block as an object or a list, a boolean as
 *   `true` or `"true"`, and any value may be an expression known only at apply time;
 * - follow references with `context.stack.resolveReference('${google_kms_crypto_key.k.id}')`;
 * - a rule may throw: the pack turns that into a finding on the element, never a pass;
 * - gather the rules in a {@link RuleSet} for the cloud and register it beside the cloud's
 *   backend (`lib/backends.ts`). A stack whose cloud has no rule set is refused.
 */
import type { SpecPath } from '../core/errors';
import type { AccountModel, EnvironmentModel, PlatformModel } from '../core/model';

export type RuleStatus = 'compliant' | 'non-compliant' | 'not-applicable';

/** A verdict with what exactly is wrong, shown to the person who must fix it. */
export interface RuleFinding {
  readonly status: 'non-compliant';
  /** What is wrong with this resource, e.g. `replica us-east-1 has no kms_key_id`. */
  readonly detail: string;
}

export type RuleResult = RuleStatus | RuleFinding;

/** Which block of the configuration an element comes from. */
export type ElementKind = 'resource' | 'data' | 'ephemeral' | 'output' | 'provider';

/**
 * One synthesized element, as a rule sees it: a resource, data source, ephemeral block, output
 * or provider configuration of `cdk.tf.json`.
 */
export interface ResourceView {
  readonly kind: ElementKind;
  /** Terraform type: `aws_kms_key`, `google_secret_manager_secret`; for outputs, `output`; for providers, the provider (`aws`). */
  readonly type: string;
  /** The element's name in the configuration (its logical id). */
  readonly name: string;
  /**
   * The Terraform address: `aws_kms_key.env_key`, `data.aws_iam_policy_document.x`,
   * `output.arn`, `provider.aws.eu-west-1` (a provider's alias, or `default`).
   */
  readonly address: string;
  /**
   * The construct path CDKTF recorded for the element (`acme-payments-dev/aws/key/key`);
   * the stack's name for elements without one (providers, blocks added by override).
   */
  readonly path: string;
  /**
   * The element's values as written: snake_case keys, nested blocks as objects or lists,
   * references and functions as Terraform expressions (`${aws_kms_key.k.arn}`); without
   * CDKTF's own `//` metadata.
   */
  readonly config: Readonly<Record<string, unknown>>;
  /** The stack the element belongs to. */
  readonly stack: string;
  /**
   * The spec entry the element was built from (`['secrets', 'db/password']`), found from the
   * names the kit builds, a dependent's owner, or a construct's mark; the environment (or
   * `audit` for an account stack) when nothing narrower is known; undefined without a spec.
   */
  readonly origin?: SpecPath;
}

/** Everything a rule may consult beyond the element itself. */
export interface RuleContext {
  /** Every element of the same stack (for rules that relate resources, e.g. a secret and its rotation). */
  readonly stack: StackView;
  /** Whether the stack belongs to a protected environment (or a protected account). */
  readonly protect: boolean;
  readonly platform?: PlatformModel;
  /** The environment the stack deploys, for environment stacks. */
  readonly environment?: EnvironmentModel;
  /** The account the stack deploys, for account-level stacks. */
  readonly account?: AccountModel;
}

export interface StackView {
  readonly name: string;
  readonly elements: readonly ResourceView[];
  /** Elements of one Terraform type (resources unless `kind` says otherwise), in stack order. */
  ofType(type: string, kind?: ElementKind): readonly ResourceView[];
  /** The element a configuration expression such as `${aws_kms_key.k.arn}` refers to. */
  resolveReference(expression: unknown): ResourceView | undefined;
  /**
   * Resources (of `type`, when given) with an expression anywhere in their configuration that
   * may refer to the element at `address`; narrow with `refersTo(config.attr, address)` from
   * `config.ts`. Indexed once per stack, so relating every secret to its rotation stays linear.
   */
  referrers(address: string, type?: string): readonly ResourceView[];
}

export interface Rule {
  /** `KIT-SECRET-CMK`: upper-case words joined by `-`, used in suppressions. */
  readonly id: string;
  /** One line: what the rule requires. */
  readonly description: string;
  /** Why it matters, for the reviewer who is asked to accept a suppression. */
  readonly why: string;
  /** What to change so the resource complies. */
  readonly fix: string;
  /** Related scanner checks, for reviewers who also read checkov's report. */
  readonly checkov?: readonly string[];
  /**
   * The verdict on one element. Pure: the same element and context give the same verdict, and
   * nothing is changed. `not-applicable` for elements the rule does not judge.
   */
  check(resource: ResourceView, context: RuleContext): RuleResult;
}

/**
 * How a cloud's resources are tied to the spec entry they were built from (see `origin.ts`):
 * which attributes carry a kit-built name, and which attribute of a dependent resource points
 * at its owner.
 */
export interface OriginHints {
  /** Attributes holding a name the kit built (`name`, `function_name`; on GCP `secret_id`, `account_id`). */
  readonly nameAttributes: readonly string[];
  /** Resource type -> the attribute referring to its owner (`aws_iam_role_policy` -> `role`). */
  readonly ownerAttributes: Readonly<Record<string, string>>;
  /** Every name the cloud built for an environment's entries, mapped to the spec entry that caused it. */
  entryNames(env: EnvironmentModel): ReadonlyMap<string, SpecPath>;
}

/** One cloud's guardrails: the rules that judge its stacks, in the order findings are reported. */
export interface RuleSet {
  /** The spec's `cloud:` value whose stacks these rules judge (`aws`, `gcp`). */
  readonly cloud: string;
  readonly rules: readonly Rule[];
  readonly origins: OriginHints;
}

/** The shape every rule id follows (the same pattern the spec's `suppress` entries accept). */
export const RULE_ID_PATTERN = /^[A-Z]+(-[A-Z0-9]+)+$/;

export function nonCompliant(detail: string): RuleFinding {
  return { status: 'non-compliant', detail };
}

export function statusOf(result: RuleResult): RuleStatus {
  return typeof result === 'string' ? result : result.status;
}

/** All problems of one resource as a single verdict: compliant when there are none. */
export function verdict(problems: readonly string[]): RuleResult {
  return problems.length === 0 ? 'compliant' : nonCompliant(problems.join('; '));
}
