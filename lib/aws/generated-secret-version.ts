/**
 * The first value of a generated secret: Secrets Manager's own generator produces it as an
 * ephemeral value at apply time, and it is written through the write-only `secret_string_wo`.
 * Terraform keeps neither in state nor plan: the state holds the version id and
 * `secret_string_wo_version`, never the value. Replicas receive it from Secrets Manager.
 */
import { Construct } from 'constructs';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import type { TerraformProvider } from 'cdktf';
import type { GenerateModel } from './model';
import { SecretsManagerRandomPassword } from './ephemeral';
import type { ReplicatedSecret } from './replicated-secret';
import { addresses, stableAddress } from './addresses';

/**
 * Terraform sends a write-only value only when its version changes. It stays 1: the value is
 * written once, and rotation (not Terraform) replaces it afterwards, so a later apply never
 * overwrites a rotated value.
 */
export const GENERATED_VALUE_VERSION = 1;

/**
 * A staging label the first version keeps for good. Secrets Manager deletes versions that have
 * no label left (deprecated ones) once a secret has many; the provider then drops this resource
 * from state, and the next apply would create it again: a new random value made AWSCURRENT over
 * the rotated one. A labelled version is never deleted, so that never happens. Terraform ignores
 * the version's labels afterwards: rotation moves AWSCURRENT and AWSPREVIOUS, never this one.
 */
export const INITIAL_VERSION_STAGE = 'KIT-INITIAL';

export interface GeneratedSecretVersionProps {
  readonly secret: ReplicatedSecret;
  /** The generator's options, as the model resolved them. */
  readonly generate: GenerateModel;
  /** The provider of the secret's primary region, where the value is generated and written. */
  readonly provider: TerraformProvider;
}

export class GeneratedSecretVersion extends Construct {
  readonly password: SecretsManagerRandomPassword;
  readonly version: SecretsmanagerSecretVersion;

  constructor(scope: Construct, id: string, props: GeneratedSecretVersionProps) {
    super(scope, id);
    const { secret, generate, provider } = props;
    this.password = new SecretsManagerRandomPassword(this, 'password', {
      name: addresses.secret(secret.model.id),
      provider,
      generate,
    });
    this.version = stableAddress(new SecretsmanagerSecretVersion(this, 'version', {
      provider,
      secretId: secret.resource.id,
      secretStringWo: this.password.randomPassword,
      secretStringWoVersion: GENERATED_VALUE_VERSION,
      versionStages: ['AWSCURRENT', INITIAL_VERSION_STAGE],
      lifecycle: { ignoreChanges: ['version_stages'] },
    }), addresses.secret(secret.model.id));
  }
}
