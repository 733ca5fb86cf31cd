/** The backends this build knows, by `cloud:` value. The only place that names them all. */
import type { SecretsBackend } from './core/backend';
import type { LoadOptions } from './core/loader';
import type { CloudSpecFragment } from './core/schema';
import type { RuleSet } from './guardrails/rule';
import { awsBackend } from './aws/backend';
import { awsGuardrails } from './aws/guardrails';
import { gcpBackend } from './gcp/backend';
import { gcpGuardrails } from './gcp/guardrails';

export const BACKENDS: Readonly<Record<string, SecretsBackend>> = {
  [awsBackend.spec.cloud]: awsBackend,
  [gcpBackend.spec.cloud]: gcpBackend,
};

/** A spec without `cloud:` is an AWS spec, as it always was. */
export const DEFAULT_CLOUD = awsBackend.spec.cloud;

/** Clouds whose spec is known but whose backend is not in this build: none today. */
export const UNAVAILABLE: Readonly<Record<string, CloudSpecFragment>> = {};

/** Each cloud's guardrail rules; the pack refuses a stack whose cloud has none here. */
export const GUARDRAIL_RULE_SETS: readonly RuleSet[] = [awsGuardrails, gcpGuardrails];

/** What `loadPlatformFile` needs to load a spec of any cloud this build knows. */
export const CLOUDS: LoadOptions = { clouds: BACKENDS, defaultCloud: DEFAULT_CLOUD, unavailable: UNAVAILABLE };

export function backendFor(cloud: string): SecretsBackend {
  const backend = BACKENDS[cloud];
  if (!backend) throw new Error(`no backend for cloud \`${cloud}\`; available: ${Object.keys(BACKENDS).join(', ')}`);
  return backend;
}
