/**
 * Secrets Manager's generator as an ephemeral block (through the shared wrapper in
 * lib/cdktf/ephemeral.ts): the JSON Terraform reads, the aliased provider, the reference a
 * write-only argument takes, and the spec's excluded characters escaped.
 */
import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import type { GenerateModel } from '../../lib/aws/model';
import { SecretsManagerRandomPassword } from '../../lib/aws/ephemeral';

const GENERATE: GenerateModel = {
  length: 24,
  excludeCharacters: '"${}%{',
  excludeNumbers: false,
  excludePunctuation: true,
  excludeUppercase: false,
  excludeLowercase: false,
  includeSpace: false,
  requireEachIncludedType: true,
  options: {},
};

function stackWithProvider(): { stack: TerraformStack; provider: AwsProvider } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AwsProvider(stack, 'eu-west-1', { region: 'eu-west-1', alias: 'eu-west-1' });
  return { stack, provider };
}

describe('SecretsManagerRandomPassword', () => {
  it('emits an `ephemeral` block with the generator options and the aliased provider', () => {
    const { stack, provider } = stackWithProvider();
    new SecretsManagerRandomPassword(stack, 'pw', { name: 'db_password', provider, generate: GENERATE });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.ephemeral).toEqual({
      aws_secretsmanager_random_password: {
        db_password: {
          provider: 'aws.eu-west-1',
          password_length: 24,
          exclude_characters: '"$${}%%{',
          exclude_numbers: false,
          exclude_punctuation: true,
          exclude_uppercase: false,
          exclude_lowercase: false,
          include_space: false,
          require_each_included_type: true,
        },
      },
    });
  });

  it('leaves out exclude_characters when the spec excludes none', () => {
    const { stack, provider } = stackWithProvider();
    new SecretsManagerRandomPassword(stack, 'pw', { name: 'x', provider, generate: { ...GENERATE, excludeCharacters: undefined } });
    expect(JSON.parse(Testing.synth(stack)).ephemeral.aws_secretsmanager_random_password.x).not.toHaveProperty('exclude_characters');
  });

  it('is referenced as ephemeral.TYPE.NAME.random_password, and a write-only argument takes it as is', () => {
    const { stack, provider } = stackWithProvider();
    const pw = new SecretsManagerRandomPassword(stack, 'pw', { name: 'db_password', provider, generate: GENERATE });
    expect(pw.randomPassword).toBe('${ephemeral.aws_secretsmanager_random_password.db_password.random_password}');
    new SecretsmanagerSecretVersion(stack, 'v', { provider, secretId: 'id', secretStringWo: pw.randomPassword, secretStringWoVersion: 1 });
    const version = Object.values<any>(JSON.parse(Testing.synth(stack)).resource.aws_secretsmanager_secret_version)[0];
    expect(version.secret_string_wo).toBe('${ephemeral.aws_secretsmanager_random_password.db_password.random_password}');
  });
});
