/** The backends this build knows, by `cloud:` value. The only place that names them all. */
import { z } from 'zod';
import type { SecretsBackend } from './core/backend';
import type { LoadOptions } from './core/loader';
import type { CloudSpecFragment } from './core/schema';
import type { RuleSet } from './guardrails/rule';
import { awsBackend } from './aws/backend';
import { awsGuardrails } from './aws/guardrails';

export const BACKENDS: Readonly<Record<string, SecretsBackend>> = {
  [awsBackend.spec.cloud]: awsBackend,
};

/** A spec without `cloud:` is an AWS spec, as it always was. */
export const DEFAULT_CLOUD = awsBackend.spec.cloud;

/**
 * Google Cloud's place in the spec until its backend is part of the build: a spec naming it is
 * refused as not available, and the published JSON Schema already has its branch.
 */
export const GCP_PLACEHOLDER: CloudSpecFragment = {
  cloud: 'gcp',
  region: z.string().regex(/^[a-z]+-[a-z]+[0-9]{1,2}$/, { error: 'expected a Google Cloud location such as `europe-west1`' }),
  account: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, { error: 'expected a Google Cloud project id (6 to 30 lowercase letters, digits and `-`)' }),
};

/** Clouds whose spec is known but whose backend is not in this build. */
export const UNAVAILABLE: Readonly<Record<string, CloudSpecFragment>> = Object.fromEntries(
  [GCP_PLACEHOLDER].filter((f) => !(f.cloud in BACKENDS)).map((f) => [f.cloud, f]),
);

/** Each cloud's guardrail rules; the pack refuses a stack whose cloud has none here. */
export const GUARDRAIL_RULE_SETS: readonly RuleSet[] = [awsGuardrails];

/** What `loadPlatformFile` needs to load a spec of any cloud this build knows. */
export const CLOUDS: LoadOptions = { clouds: BACKENDS, defaultCloud: DEFAULT_CLOUD, unavailable: UNAVAILABLE };

export function backendFor(cloud: string): SecretsBackend {
  const backend = BACKENDS[cloud];
  if (!backend) throw new Error(`no backend for cloud \`${cloud}\`; available: ${Object.keys(BACKENDS).join(', ')}`);
  return backend;
}
