/**
 * Small hand-built stacks for guardrail tests: provider classes used directly, so each rule is
 * judged on exactly the attributes it reads. Each stack is synthesized to a file, as the app
 * does, and judged from the JSON written there.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import type { PlatformModel } from '../../lib/core/model';
import { awsGuardrails } from '../../lib/aws/guardrails';
import { GuardrailPack, GuardrailPackProps } from '../../lib/guardrails/pack';
import type { GuardrailReport } from '../../lib/guardrails/report';
import { Rule, RuleContext, RuleStatus, statusOf } from '../../lib/guardrails/rule';
import { SynthesizedStack, buildStackView } from '../../lib/guardrails/stack-view';

export const ACCOUNT = '111111111111';

/** A minimal valid spec; `extra` is merged at the top level. */
export function platformOf(extra: Record<string, unknown> = {}, environments: Record<string, unknown> = {}): PlatformModel {
  const spec = {
    project: 'acme',
    regions: { primary: 'eu-west-1', replicas: ['us-east-1'] },
    environments: { dev: { account: ACCOUNT }, prod: { account: '333333333333' }, ...environments },
    ...extra,
  };
  return loadPlatformObject(spec, 'platform.yaml', CLOUDS).model;
}

export interface Built {
  readonly app: App;
  readonly stack: TerraformStack;
  readonly provider: AwsProvider;
}

/** A stack named like an environment stack (`acme-dev` by default) with one aliased provider. */
export function stackOf(name = 'acme-dev', app: App = Testing.app()): Built {
  const stack = new TerraformStack(app, name);
  const provider = new AwsProvider(stack, 'eu-west-1', { region: 'eu-west-1', alias: 'eu-west-1' });
  return { app, stack, provider };
}

/**
 * What one rule says about every element of a stack, by Terraform address: `compliant`,
 * `not-applicable`, or the non-compliant detail.
 */
export function verdicts(
  rule: Rule,
  build: (scope: Construct, provider: AwsProvider) => void,
  options: { platform?: PlatformModel; stackName?: string; protect?: boolean } = {},
): Record<string, RuleStatus | string> {
  const { stack, provider } = stackOf(options.stackName);
  build(stack, provider);
  const environment = options.platform?.environments.find((e) => e.stackName === stack.node.id);
  const account = options.platform?.accounts.find((a) => a.stackName === stack.node.id);
  const view = buildStackView(synthesized(stack), { environment, account }, awsGuardrails.origins);
  const context: RuleContext = {
    stack: view,
    protect: options.protect ?? environment?.protect ?? account?.protect ?? false,
    platform: options.platform,
    environment,
    account,
  };
  return Object.fromEntries(
    view.elements
      .filter((e) => e.kind !== 'provider')
      .map((e) => {
        const result = rule.check(e, context);
        return [e.address, statusOf(result) === 'non-compliant' && typeof result !== 'string' ? result.detail : statusOf(result)];
      }),
  );
}

/** Writes the stack's `cdk.tf.json` as CDKTF's synthesizer does, and reads it back. */
export function synthesized(stack: TerraformStack): SynthesizedStack {
  const outdir = Testing.fullSynth(stack);
  try {
    const config = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8'));
    return { name: stack.node.id, config, tree: stack };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** A pack with the AWS rules (the cloud is `aws` unless the platform or `props` say otherwise) that has judged `stacks`. */
export function judged(stacks: readonly TerraformStack[], props: Partial<GuardrailPackProps> = {}): GuardrailPack {
  const pack = new GuardrailPack({ ruleSets: [awsGuardrails], cloud: props.platform ? undefined : 'aws', ...props });
  for (const stack of stacks) pack.judge(synthesized(stack));
  return pack;
}

/** Synthesizes one stack, judges it with the whole AWS pack and returns the pack's report. */
export function packReport(built: Built, platform?: PlatformModel): GuardrailReport {
  return judged([built.stack], { platform, specFile: 'platform.yaml' }).report();
}
