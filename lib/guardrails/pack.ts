/**
 * The rule pack as a CDKTF Aspect. Added to every stack, it judges each stack's configuration
 * (exactly what the stack will write) when synthesis reaches the stack, and collects findings
 * instead of throwing mid-walk, so one run reports every problem of every stack.
 * `assertCompliant()` then refuses the synthesis (`GuardrailError`) when any rule fails without
 * a suppression. A stack is judged when the walk reaches the stack itself, before any aspect
 * visits its resources: changes another aspect makes to single resources are not seen.
 */
import { Aspects, IAspect, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { PlatformModel as CoreModel } from '../core/model';
import { PlatformModel, awsModel } from '../aws/model';
import { Finding, GuardrailError, GuardrailReport, SuppressedFinding, formatSuppressed, formatUnused } from './report';
import { ResourceView, Rule, RuleContext, statusOf } from './rule';
import { BUILTIN_RULES } from './rules';
import { buildStackView, StackScope } from './stack-view';
import { Suppression, constructSuppressions, covers, specSuppressions } from './suppressions';

export interface GuardrailPackProps {
  /** The model the stacks were built from: protection, spec origins and spec suppressions. @default none (no spec context) */
  readonly platform?: CoreModel;
  /** How the spec file is named in messages. @default `the spec` */
  readonly specFile?: string;
  /** @default the built-in rules */
  readonly rules?: readonly Rule[];
}

interface StackResult {
  readonly elements: number;
  readonly failures: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** Suppressions that waived at least one finding here. */
  readonly used: Set<Suppression>;
}

export class GuardrailPack implements IAspect {
  readonly rules: readonly Rule[];
  private readonly specFile: string;
  private readonly fromSpec: readonly Suppression[];
  private readonly results = new Map<string, StackResult>();
  private readonly seenOnConstructs = new Set<Suppression>();

  /** The model as the rules read it (the rule set is AWS's). */
  private readonly platform?: PlatformModel;

  constructor(props: GuardrailPackProps = {}) {
    this.rules = props.rules ?? BUILTIN_RULES;
    this.specFile = props.specFile ?? 'the spec';
    this.platform = props.platform && awsModel(props.platform);
    this.fromSpec = specSuppressions(this.platform, this.specFile);
  }

  visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) this.results.set(node.node.id, this.evaluate(node));
  }

  /** Everything found so far, across every stack visited. */
  report(): GuardrailReport {
    const known = new Set(this.rules.map((r) => r.id));
    const all = [...this.fromSpec, ...this.seenOnConstructs];
    const used = new Set([...this.results.values()].flatMap((r) => [...r.used]));
    const results = [...this.results.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      specFile: this.specFile,
      rules: this.rules.map((r) => ({ id: r.id, description: r.description })),
      stacks: results.map(([name, r]) => ({ name, elements: r.elements })),
      failures: results.flatMap(([, r]) => r.failures),
      suppressed: results.flatMap(([, r]) => r.suppressed),
      unused: all.filter((s) => known.has(s.rule) && !used.has(s)).map(({ rule, reason, source }) => ({ rule, reason, source })),
      invalid: all
        .filter((s) => !known.has(s.rule))
        .map((s) => `${s.source}: no guardrail rule \`${s.rule}\`; known rules: ${[...known].join(', ')}`),
    };
  }

  /** The report, or a `GuardrailError` listing every failure when there is one. */
  assertCompliant(): GuardrailReport {
    const report = this.report();
    if (report.failures.length > 0 || report.invalid.length > 0) throw new GuardrailError(report);
    return report;
  }

  private evaluate(stack: TerraformStack): StackResult {
    const scope = this.scopeOf(stack.node.id);
    const { view, constructs } = buildStackView(stack, scope);
    const context: RuleContext = {
      stack: view,
      protect: scope.environment?.protect ?? scope.account?.protect ?? false,
      platform: this.platform,
      environment: scope.environment,
      account: scope.account,
    };
    const result: StackResult = { elements: view.elements.length, failures: [], suppressed: [], used: new Set() };
    for (const element of view.elements) {
      const onConstruct = constructSuppressions(constructs.get(element.address));
      onConstruct.forEach((s) => this.seenOnConstructs.add(s));
      for (const rule of this.rules) {
        const finding = this.judge(rule, element, context);
        if (!finding) continue;
        const waiver = [...onConstruct, ...this.fromSpec].find((s) => s.rule === rule.id && (!s.scope || covers(s, element.origin)));
        if (waiver) {
          result.suppressed.push({ ...finding, reason: waiver.reason, source: waiver.source });
          result.used.add(waiver);
        } else {
          result.failures.push(finding);
        }
      }
    }
    return result;
  }

  /** A finding when the rule fails; a rule that throws is a finding too, never a silent pass. */
  private judge(rule: Rule, element: ResourceView, context: RuleContext): Finding | undefined {
    let detail: string;
    try {
      const result = rule.check(element, context);
      if (statusOf(result) !== 'non-compliant') return undefined;
      detail = typeof result === 'string' ? rule.description : result.detail;
    } catch (e) {
      detail = `the rule could not judge this resource (${(e as Error).message})`;
    }
    return {
      rule: rule.id,
      stack: element.stack,
      address: element.address,
      path: element.path,
      origin: element.origin,
      detail,
      fix: rule.fix,
    };
  }

  private scopeOf(stackName: string): StackScope {
    const platform = this.platform;
    return {
      environment: platform?.environments.find((e) => e.stackName === stackName),
      account: platform?.accounts.find((a) => a.stackName === stackName),
    };
  }
}

/** Adds one pack to every stack under `scope` (the app, once its stacks exist) and returns it. */
export function applyGuardrails(scope: IConstruct, props: GuardrailPackProps = {}): GuardrailPack {
  const pack = new GuardrailPack(props);
  for (const stack of scope.node.findAll().filter(TerraformStack.isStack)) {
    // Aspects attached to the app are not inherited by stacks in CDKTF: attach to each.
    Aspects.of(stack).add(pack);
  }
  return pack;
}

/** One line per suppression in force, then one per suppression that waives nothing, for the synthesis summary. */
export function suppressionLines(report: GuardrailReport): string[] {
  return [...report.suppressed.map(formatSuppressed), ...report.unused.map(formatUnused)];
}
