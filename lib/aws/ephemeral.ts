/**
 * AWS's ephemeral resources, written through the kit's one typed wrapper of ephemeral blocks
 * (`EphemeralResource`, lib/cdktf/ephemeral.ts), which CDKTF 0.21 lacks a construct for.
 */
import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import type { GenerateModel } from './model';
import { EphemeralResource } from '../cdktf/ephemeral';

export interface SecretsManagerRandomPasswordProps {
  /** The block's name (see `EphemeralResourceProps.name`). */
  readonly name: string;
  /** The provider of the region whose Secrets Manager generates the value. */
  readonly provider: TerraformProvider;
  /** The generator's options, as the model resolved them. */
  readonly generate: GenerateModel;
}

/**
 * A value from Secrets Manager's own generator (`GetRandomPassword`), produced at every plan
 * and apply, never stored. Only a write-only argument can take `randomPassword`.
 */
export class SecretsManagerRandomPassword extends EphemeralResource {
  static readonly TYPE = 'aws_secretsmanager_random_password';

  constructor(scope: Construct, id: string, props: SecretsManagerRandomPasswordProps) {
    const g = props.generate;
    super(scope, id, {
      type: SecretsManagerRandomPassword.TYPE,
      name: props.name,
      provider: props.provider,
      arguments: {
        password_length: g.length,
        exclude_characters: g.excludeCharacters || undefined,
        exclude_numbers: g.excludeNumbers,
        exclude_punctuation: g.excludePunctuation,
        exclude_uppercase: g.excludeUppercase,
        exclude_lowercase: g.excludeLowercase,
        include_space: g.includeSpace,
        require_each_included_type: g.requireEachIncludedType,
      },
    });
  }

  /** `ephemeral.aws_secretsmanager_random_password.NAME.random_password` */
  get randomPassword(): string {
    return this.attribute('random_password');
  }
}
