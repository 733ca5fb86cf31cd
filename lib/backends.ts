/** The backends this build knows, by `cloud:` value. The only place that names them all. */
import type { SecretsBackend } from './core/backend';
import type { CloudValidator } from './core/loader';
import type { RuleSet } from './guardrails/rule';
import { awsBackend } from './aws/backend';
import { awsGuardrails } from './aws/guardrails';

export const BACKENDS: Readonly<Record<string, SecretsBackend>> = {
  [awsBackend.cloud]: awsBackend,
};

/** Each cloud's guardrail rules; the pack refuses a stack whose cloud has none here. */
export const GUARDRAIL_RULE_SETS: readonly RuleSet[] = [awsGuardrails];

export const CLOUD_VALIDATORS: Readonly<Record<string, CloudValidator>> = Object.fromEntries(
  Object.values(BACKENDS).map((b) => [b.cloud, (model, spec) => b.validate(model, spec)] as const),
);

export function backendFor(cloud: string): SecretsBackend {
  const backend = BACKENDS[cloud];
  if (!backend) throw new Error(`no backend for cloud \`${cloud}\`; available: ${Object.keys(BACKENDS).join(', ')}`);
  return backend;
}
