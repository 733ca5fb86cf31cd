/** The backends this build knows, by `cloud:` value. The only place that names them all. */
import type { SecretsBackend } from './core/backend';
import type { CloudValidator } from './core/loader';
import { awsBackend } from './aws/backend';

export const BACKENDS: Readonly<Record<string, SecretsBackend>> = {
  [awsBackend.cloud]: awsBackend,
};

export const CLOUD_VALIDATORS: Readonly<Record<string, CloudValidator>> = Object.fromEntries(
  Object.values(BACKENDS).map((b) => [b.cloud, (model, spec) => b.validate(model, spec)] as const),
);

export function backendFor(cloud: string): SecretsBackend {
  const backend = BACKENDS[cloud];
  if (!backend) throw new Error(`no backend for cloud \`${cloud}\`; available: ${Object.keys(BACKENDS).join(', ')}`);
  return backend;
}
