/**
 * A guardrail rule: a pure function from one synthesized Terraform element (resource, data
 * source, output or provider) to a verdict. Rules read the configuration exactly as it will be
 * written to `cdk.tf.json` (snake_case attributes, references as `${type.name.attr}`), so they
 * judge what Terraform will receive, whichever construct produced it.
 */
import type { SpecPath } from '../core/errors';
import type { AccountModel, EnvironmentModel, PlatformModel } from '../aws/model';

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

/** One synthesized element, as a rule sees it. */
export interface ResourceView {
  readonly kind: ElementKind;
  /** Terraform type (`aws_kms_key`); for outputs, `output`. */
  readonly type: string;
  /** The element's name in the configuration (its logical id). */
  readonly name: string;
  /** `aws_kms_key.env_key`, `data.aws_iam_policy_document.x`, `output.arn`, `provider.aws.eu-west-1`. */
  readonly address: string;
  /** Construct path, e.g. `acme-payments-dev/aws/key/key`. */
  readonly path: string;
  /** The configuration as synthesized: snake_case keys, tokens resolved to Terraform expressions. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The stack the element belongs to. */
  readonly stack: string;
  /** The spec entry the element was built from, when known (`['secrets', 'db/password']`). */
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
  /** Elements of one Terraform type (resources unless `kind` says otherwise). */
  ofType(type: string, kind?: ElementKind): ResourceView[];
  /** The element a configuration expression such as `${aws_kms_key.k.arn}` refers to. */
  resolveReference(expression: unknown): ResourceView | undefined;
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
  check(resource: ResourceView, context: RuleContext): RuleResult;
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
