/** The backends this build knows, by `cloud:` value. The only place that names them all. */
import type { SecretsBackend } from './core/backend';
import type { LoadOptions } from './core/loader';
import type { CloudSpecFragment } from './core/schema';
import type { RuleSet } from './guardrails/rule';
import { awsBackend } from './aws/backend';
import { awsGuardrails } from './aws/guardrails';

/**
 * Google Cloud's backend and rules load on first use: an AWS synth never needs their provider
 * bindings (a tenth of the example's start-up). test/backends.test.ts checks each is filed under
 * the cloud it declares.
 */
const GCP = 'gcp';
const gcpBackend = once(() => (require('./gcp/backend') as typeof import('./gcp/backend')).gcpBackend);
const gcpRules = once(() => (require('./gcp/guardrails') as typeof import('./gcp/guardrails')).gcpGuardrails);

export const BACKENDS: Readonly<Record<string, SecretsBackend>> = Object.defineProperty({ [awsBackend.spec.cloud]: awsBackend }, GCP, {
  enumerable: true,
  get: gcpBackend,
});

/** A spec without `cloud:` is an AWS spec, as it always was. */
export const DEFAULT_CLOUD = awsBackend.spec.cloud;

/** Clouds whose spec is known but whose backend is not in this build: none today. */
export const UNAVAILABLE: Readonly<Record<string, CloudSpecFragment>> = {};

/** Each cloud's guardrail rules; the pack refuses a stack whose cloud has none here. */
export const GUARDRAIL_RULE_SETS: readonly RuleSet[] = [
  awsGuardrails,
  {
    cloud: GCP,
    get rules() {
      return gcpRules().rules;
    },
    get origins() {
      return gcpRules().origins;
    },
  },
];

function once<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}

/** What `loadPlatformFile` needs to load a spec of any cloud this build knows. */
export const CLOUDS: LoadOptions = { clouds: BACKENDS, defaultCloud: DEFAULT_CLOUD, unavailable: UNAVAILABLE };

export function backendFor(cloud: string): SecretsBackend {
  const backend = BACKENDS[cloud];
  if (!backend) throw new Error(`no backend for cloud \`${cloud}\`; available: ${Object.keys(BACKENDS).join(', ')}`);
  return backend;
}
