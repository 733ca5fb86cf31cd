/**
 * The rule pack: judges each stack's configuration exactly as CDKTF writes it (`cdk.tf.json`),
 * during synthesis and before the output is published, with the rule set of the platform's
 * cloud. Findings are collected across stacks, so one run reports every problem of every
 * stack; `assertCompliant()` then refuses the synthesis (`GuardrailError`) when any rule fails
 * without a suppression, a suppression cannot be honoured, or a stack's cloud has no rules.
 *
 * The pack judges the resolved configuration CDKTF serializes (handed over by the kit's stacks
 * as they are written, or read back from the file for any other stack) instead of resolving the
 * stacks itself, so each stack is resolved once per synthesis; it sees every change aspects,
 * overrides and escape hatches made.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { App } from 'cdktf';
import type { PlatformModel } from '../core/model';
import { Finding, GuardrailError, GuardrailReport, SuppressedFinding, formatSuppressed, formatUnused } from './report';
import { ResourceView, Rule, RuleContext, RuleSet, statusOf } from './rule';
import { StackScope, SynthesizedStack, buildStackView } from './stack-view';
import { Suppression, constructSuppressions, covers, specSuppressions } from './suppressions';

export interface GuardrailPackProps {
  /** The rule set of each cloud the kit knows; a stack whose cloud has none is refused. */
  readonly ruleSets: readonly RuleSet[];
  /** The model the stacks were built from: cloud, protection, spec origins and spec suppressions. @default none (no spec context) */
  readonly platform?: PlatformModel;
  /** The cloud of the stacks judged. @default the platform's `cloud` */
  readonly cloud?: string;
  /** How the spec file is named in messages. @default `the spec` */
  readonly specFile?: string;
}

interface StackResult {
  readonly elements: number;
  readonly failures: Finding[];
  readonly suppressed: SuppressedFinding[];
  /** Suppressions that waived at least one finding here. */
  readonly used: Set<Suppression>;
}

export class GuardrailPack {
  /** The rules that judge this platform's stacks; empty when its cloud has no rule set. */
  readonly rules: readonly Rule[];
  /** The cloud of the stacks judged. */
  readonly cloud: string;
  private readonly ruleSet?: RuleSet;
  private readonly specFile: string;
  private readonly fromSpec: readonly Suppression[];
  private readonly results = new Map<string, StackResult>();
  private readonly unjudged: string[] = [];
  private readonly seenOnConstructs = new Set<Suppression>();

  constructor(private readonly props: GuardrailPackProps) {
    const cloud = props.cloud ?? props.platform?.cloud;
    if (!cloud) throw new Error('GuardrailPack: give the platform model or the `cloud` whose rules judge the stacks');
    this.cloud = cloud;
    this.ruleSet = props.ruleSets.find((set) => set.cloud === cloud);
    this.rules = this.ruleSet?.rules ?? [];
    this.specFile = props.specFile ?? 'the spec';
    this.fromSpec = specSuppressions(props.platform, this.specFile);
  }

  /** Judges one stack's synthesized configuration; judging a stack again replaces its result. */
  judge(stack: SynthesizedStack): void {
    if (!this.ruleSet) {
      const known = this.props.ruleSets.map((set) => set.cloud);
      const place = this.props.platform ? ` (${this.specFile}: cloud)` : '';
      this.unjudged.push(
        `${stack.name}: no guardrail rules for cloud \`${this.cloud}\`${place}; rule sets exist for: ${known.join(', ') || 'none'}, ` +
          `so nothing would judge this stack. Fix: register the cloud's rule set (lib/${this.cloud}/guardrails) in lib/backends.ts`,
      );
      return;
    }
    this.results.set(stack.name, this.evaluate(stack, this.ruleSet));
  }

  /** The stacks judged so far, by name. */
  get judgedStacks(): ReadonlySet<string> {
    return new Set(this.results.keys());
  }

  /**
   * Judges every stack `app.synth()` wrote, read back from its output folder (the manifest
   * names each stack's file), except those named in `except` (judged already, as written).
   */
  judgeSynthesized(app: App, except: ReadonlySet<string> = new Set()): void {
    for (const stack of Object.values(app.manifest.stacks)) {
      if (except.has(stack.name)) continue;
      const file = path.join(app.outdir, stack.synthesizedStackPath);
      if (!file.endsWith('.json')) throw new Error(`guardrails read JSON output only; ${file} is not JSON`);
      this.judge({ name: stack.name, config: JSON.parse(fs.readFileSync(file, 'utf8')), tree: app });
    }
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
      invalid: [
        ...this.unjudged,
        // Without a rule set, every suppression would look unknown: the line above says why.
        ...(this.ruleSet ? all.filter((s) => !known.has(s.rule)) : []).map(
          (s) => `${s.source}: no guardrail rule \`${s.rule}\`; known rules: ${[...known].join(', ')}`,
        ),
      ],
    };
  }

  /** The report, or a `GuardrailError` listing every failure when there is one. */
  assertCompliant(): GuardrailReport {
    const report = this.report();
    if (report.failures.length > 0 || report.invalid.length > 0) throw new GuardrailError(report);
    return report;
  }

  private evaluate(stack: SynthesizedStack, ruleSet: RuleSet): StackResult {
    const scope = this.scopeOf(stack.name);
    const view = buildStackView(stack, scope, ruleSet.origins);
    const context: RuleContext = {
      stack: view,
      protect: scope.environment?.protect ?? scope.account?.protect ?? false,
      platform: this.props.platform,
      environment: scope.environment,
      account: scope.account,
    };
    const result: StackResult = { elements: view.elements.length, failures: [], suppressed: [], used: new Set() };
    for (const element of view.elements) {
      const onConstruct = constructSuppressions(stack.tree, element.path);
      onConstruct.forEach((s) => this.seenOnConstructs.add(s));
      for (const rule of ruleSet.rules) {
        const finding = this.judgeElement(rule, element, context);
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
  private judgeElement(rule: Rule, element: ResourceView, context: RuleContext): Finding | undefined {
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
    const platform = this.props.platform;
    return {
      environment: platform?.environments.find((e) => e.stackName === stackName),
      account: platform?.accounts.find((a) => a.stackName === stackName),
    };
  }
}

/** One line per suppression in force, then one per suppression that waives nothing, for the synthesis summary. */
export function suppressionLines(report: GuardrailReport): string[] {
  return [...report.suppressed.map(formatSuppressed), ...report.unused.map(formatUnused)];
}
