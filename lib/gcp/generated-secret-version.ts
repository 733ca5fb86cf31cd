/**
 * The first value of a generated secret: the ephemeral `random_password` produces it at apply
 * time and it is written through the write-only `secret_data_wo`. Terraform keeps neither in
 * state nor plan: the state holds the version's name and `secret_data_wo_version`, never the
 * value. Later versions belong to rotation, so Terraform neither re-enables a version rotation
 * disabled nor destroys the version when the resource goes.
 */
import { Construct } from 'constructs';
import { SecretManagerSecretVersion } from '@cdktf/provider-google/lib/secret-manager-secret-version';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { GcpGenerateOptions, RandomPassword } from './random-password';
import type { ReplicatedSecret } from './replicated-secret';
import { address } from './names';

/** Terraform sends a write-only value only when this changes; it stays 1 (see the AWS twin). */
export const GENERATED_VALUE_VERSION = 1;

export interface GeneratedSecretVersionProps {
  readonly secret: ReplicatedSecret;
  readonly generate: GcpGenerateOptions;
  readonly provider: GoogleProvider;
  readonly random: RandomProvider;
}

export class GeneratedSecretVersion extends Construct {
  readonly password: RandomPassword;
  readonly version: SecretManagerSecretVersion;

  constructor(scope: Construct, id: string, props: GeneratedSecretVersionProps) {
    super(scope, id);
    const { secret } = props;
    this.password = new RandomPassword(this, 'password', { name: secret.secretId, provider: props.random, generate: props.generate });
    this.version = new SecretManagerSecretVersion(this, 'version', {
      provider: props.provider,
      secret: secret.id,
      secretDataWo: this.password.result,
      secretDataWoVersion: GENERATED_VALUE_VERSION,
      // Rotation owns every value after the first: leave its versions to it.
      deletionPolicy: 'ABANDON',
      lifecycle: { ignoreChanges: ['enabled'] },
    });
    this.version.overrideLogicalId(address('secret_value', secret.secretId));
  }
}
