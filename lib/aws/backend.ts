/** The AWS backend: implements the cloud-neutral `SecretsBackend` with the constructs of this folder. */
import { S3Backend } from 'cdktf';
import type { EnvironmentHandles, ResourceHandle, SecretsBackend } from '../core/backend';
import { AwsAccount } from './account';
import { AwsEnvironment } from './environment';
import { validateAwsLimits } from './limits';
import { EnvironmentModel, SecretModel, awsAccountOf, awsEnvironmentOf, awsModel } from './model';
import { auditKeyAlias } from './names';
import { S3BackendSpec, awsSpecFragment } from './spec';
import { writeReports } from '../report/write';

/**
 * Local mode: the AWS SDKs' and Terraform's own variable, so the same setting that points the
 * CLI at an emulator points the synthesized providers at it.
 */
export const LOCAL_ENDPOINT_VARIABLE = 'AWS_ENDPOINT_URL';

export const awsBackend = {
  spec: awsSpecFragment,
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
    syncPresets: ['doppler'],
  },
  validate: validateAwsLimits,
  // The review report and its cost estimate (AWS list prices) read the AWS view of the model.
  writeReports: (platform, outdir, options) => writeReports(platform, outdir, options),
  localEndpoint: (variables) => variables[LOCAL_ENDPOINT_VARIABLE] || undefined,
  remoteState(stack, platform, stateKey) {
    const backend = platform.backend as S3BackendSpec;
    const s3 = new S3Backend(stack, {
      bucket: backend.bucket,
      key: `${backend.keyPrefix}${platform.project}/${stateKey}.tfstate`,
      region: backend.region,
      encrypt: true,
      kmsKeyId: backend.kmsKeyId,
      assumeRole: backend.roleArn ? { roleArn: backend.roleArn } : undefined,
    });
    // CDKTF 0.21's S3BackendConfig predates S3-native locking (Terraform 1.10+): set it directly.
    s3.addOverride('use_lockfile', true);
  },
  environment(scope, platform, env, options) {
    const view = awsEnvironmentOf(platform, env.name);
    const built = new AwsEnvironment(scope, 'aws', { platform: awsModel(platform), env: view, localEndpoint: options.localEndpoint });
    return environmentHandles(built, view);
  },
  account(scope, platform, account, options) {
    const built = new AwsAccount(scope, 'aws', { platform: awsModel(platform), account: awsAccountOf(platform, account.account), localEndpoint: options.localEndpoint });
    return { auditKey: { name: auditKeyAlias(platform.project), region: account.homeRegion, ref: built.key.key.arn } };
  },
} as const satisfies SecretsBackend;

/** What an environment built, in the neutral form the report and the guardrails read. */
function environmentHandles(built: AwsEnvironment, env: EnvironmentModel): EnvironmentHandles {
  // A replica secret's ARN is derived on demand (a Terraform local): name it, build nothing more.
  const secretIn = (s: SecretModel, region: string): ResourceHandle =>
    region === env.primaryRegion ? { name: s.name, region, ref: built.secrets.get(s.path)!.resource.arn } : { name: s.name, region };
  return {
    keys: env.regions.map((region) => ({ name: env.keyAlias, region, ref: built.key.keyArn(region) })),
    secrets: new Map(env.secrets.map((s) => [s.path, [env.primaryRegion, ...s.replicaRegions].map((region) => secretIn(s, region))])),
    parameters: new Map(
      env.parameters.map((p) => [p.path, p.regions.map((region) => ({ name: p.name, region, ref: built.parameters.get(p.path)!.arn(region) }))]),
    ),
    functionIdentities: new Map(
      env.functions.map((f) => [f.name, { name: f.roleName, region: env.primaryRegion, ref: built.executionRoles.get(f.name)!.role.arn }]),
    ),
    syncIdentities: new Map(
      env.syncs.map((s) => [s.name, { name: s.roleName, region: env.primaryRegion, ref: built.syncRoles.get(s.name)!.role.arn }]),
    ),
  };
}
