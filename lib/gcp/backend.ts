/** The GCP backend: implements the cloud-neutral `SecretsBackend` with the constructs of this folder. */
import type { EnvironmentHandles, SecretsBackend } from '../core/backend';
import { GcpAccount } from './account';
import { GcpEnvironment } from './environment';
import { validateGcpLimits } from './limits';
import { planAudit, planEnvironment } from './model';
import { AUDIT_KEY_NAME, SECRETS_KEY_NAME, auditName, keyRingName } from './names';
import type { GcpEnvironmentPlan } from './plan';
import { writeGcpReports } from './report';
import { GcsBackendSpec, gcpSpecFragment } from './spec';
import { configureGcsState } from './state';

export const gcpBackend = {
  spec: gcpSpecFragment,
  capabilities: {
    replication: true,
    customerManagedKeys: true,
    rotation: true,
    customRotation: true,
    audit: true,
    secureParameters: true,
    valuesOutsideState: true,
    leastPrivilegeRoles: true,
    externalSync: true,
    // Doppler's GCP integration impersonates a service account the workplace names: no fixed principal.
    syncPresets: [],
  },
  validate: validateGcpLimits,
  writeReports: (platform, outdir, options) => writeGcpReports(platform, outdir, options),
  // No Google Cloud emulator runs the services the kit uses: GCP has no local mode.
  localEndpoint: () => undefined,
  remoteState(stack, platform, stateKey) {
    const backend = platform.backend as GcsBackendSpec;
    configureGcsState(stack, { ...backend, project: platform.project, stateKey });
  },
  environment(scope, platform, env) {
    const plan = planEnvironment(platform, env);
    const built = new GcpEnvironment(scope, 'gcp', { plan });
    return environmentHandles(built, plan);
  },
  account(scope, platform, account) {
    const built = new GcpAccount(scope, 'gcp', { plan: planAudit(platform, account) });
    return { auditKey: { name: `${auditName(platform.project)}/${AUDIT_KEY_NAME}`, region: account.homeRegion, ref: built.logBucket.key.id } };
  },
} as const satisfies SecretsBackend;

/** What an environment built, in the neutral form the report and the guardrails read. */
function environmentHandles(built: GcpEnvironment, plan: GcpEnvironmentPlan): EnvironmentHandles {
  const ring = keyRingName(plan.project, plan.env);
  return {
    keys: plan.locations.map((location) => ({ name: `${ring}/${SECRETS_KEY_NAME}`, region: location, ref: built.keys.keyId(location) })),
    secrets: new Map(
      plan.secrets.map((s) => [s.path, s.locations.map((location) => ({ name: s.secretId, region: location, ref: built.secrets.get(s.path)!.id }))]),
    ),
    parameters: new Map(
      plan.parameters.map((p) => [
        p.path,
        p.locations.map((location) => ({
          name: p.id,
          region: location,
          ref: p.secure ? built.secureParameters.get(p.path)!.id : built.parameters.get(p.path)!.parameter(location).id,
        })),
      ]),
    ),
    functionIdentities: new Map(
      plan.functions.map((f) => [f.name, { name: f.identityName, region: plan.primaryLocation, ref: built.identities.get(f.name)!.account.email }]),
    ),
    syncIdentities: new Map(plan.syncs.map((s) => [s.name, { name: s.identityName, region: plan.primaryLocation, ref: built.syncs.get(s.name)!.account.email }])),
  };
}
