import { TerraformOutput } from 'cdktf';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { CREDENTIAL_FORMATS, noSecretLiteral } from '../../../lib/aws/guardrails/no-secret-literal';
import { verdicts } from '../../guardrails/support';

const EPHEMERAL = '${ephemeral.aws_secretsmanager_random_password.db_password.random_password}';
/** AWS's documented example access key id: shaped like a real one, valid nowhere. */
const EXAMPLE_ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';

describe('KIT-NO-SECRET-LITERAL', () => {
  test('compliant: write-only values fed by ephemeral references, references in variables, plain settings', () => {
    const result = verdicts(noSecretLiteral, (scope, provider) => {
      const secret = new SecretsmanagerSecret(scope, 'secret', { provider, name: 'acme/dev/db/password', tags: { team: 'payments' } });
      new SecretsmanagerSecretVersion(scope, 'version', { provider, secretId: secret.id, secretStringWo: EPHEMERAL, secretStringWoVersion: 1 });
      new SsmParameter(scope, 'secure', { provider, name: '/acme/dev/stripe/webhook-secret', type: 'SecureString', valueWo: EPHEMERAL, valueWoVersion: 1 });
      new SsmParameter(scope, 'plain', { provider, name: '/acme/dev/app/log-level', type: 'String', value: 'info' });
      new LambdaFunction(scope, 'fn', {
        provider,
        functionName: 'acme-dev-api',
        role: 'arn:aws:iam::111111111111:role/acme-dev-api',
        environment: { variables: { DB_PASSWORD_SECRET_ARN: secret.arn, DB_PASSWORD: secret.arn, WEBHOOK_SECRET: '/acme/dev/stripe/webhook-secret' } },
      });
      new TerraformOutput(scope, 'secret_arn', { value: secret.arn });
    });
    expect(Object.values(result).every((v) => v === 'compliant')).toBe(true);
  });

  test('non-compliant: values that land in state or in the configuration', () => {
    const result = verdicts(noSecretLiteral, (scope, provider) => {
      new SecretsmanagerSecretVersion(scope, 'in_state', { provider, secretId: 'x', secretString: EPHEMERAL });
      new SecretsmanagerSecretVersion(scope, 'literal_wo', { provider, secretId: 'x', secretStringWo: 'correct horse battery staple' });
      new SsmParameter(scope, 'secure_value', { provider, name: '/acme/dev/a', type: 'SecureString', value: 'placeholder' });
      new SsmParameter(scope, 'plain_secret', { provider, name: '/acme/dev/db/password', type: 'String', value: 'hunter2-hunter2' });
    });
    expect(result['aws_secretsmanager_secret_version.in_state']).toMatch(/`secret_string` is set, so the value is stored in the Terraform state/);
    expect(result['aws_secretsmanager_secret_version.literal_wo']).toMatch(/`secret_string_wo` is a literal/);
    expect(result['aws_ssm_parameter.secure_value']).toMatch(/SecureString with `value` set/);
    expect(result['aws_ssm_parameter.plain_secret']).toMatch(/named like a secret holds a literal value; make it `secure: true`/);
  });

  test('non-compliant: literal credentials in variables, tags and outputs', () => {
    const result = verdicts(noSecretLiteral, (scope, provider) => {
      new LambdaFunction(scope, 'fn', {
        provider,
        functionName: 'f',
        role: 'r',
        environment: { variables: { API_KEY: 'f00dfeedf00dfeed', LOG_LEVEL: 'debug' } },
      });
      new SecretsmanagerSecret(scope, 'tagged', { provider, name: 'a/b', tags: { owner: `ci ${EXAMPLE_ACCESS_KEY}` } });
      new TerraformOutput(scope, 'db_url', { value: 'postgres://app:s3cr3t-pass@db.internal:5432/payments' });
    });
    expect(result['aws_lambda_function.fn']).toBe('environment variable `API_KEY` holds a literal value');
    expect(result['aws_secretsmanager_secret.tagged']).toMatch(/`tags.owner` contains an AWS access key id/);
    expect(result['output.db_url']).toMatch(/`value` contains a URL with a password/);
  });

  test('non-compliant: every credential shape is found, in any string', () => {
    // Built by concatenation: each is shaped like a credential and valid nowhere.
    const samples: Record<string, string> = {
      'an AWS access key id': EXAMPLE_ACCESS_KEY,
      'a PEM private key': '-----BEGIN ' + 'RSA PRIVATE KEY-----',
      'a GitHub token': 'ghp' + '_' + 'a'.repeat(36),
      'a Slack token': 'xox' + 'b-1234567890-abcdef',
      'a Stripe secret key': 'sk' + '_live_' + 'a'.repeat(16),
      'a JSON Web Token': ['eyJ' + 'a'.repeat(10), 'eyJ' + 'b'.repeat(10), 'c'.repeat(10)].join('.'),
      'a URL with a password': 'https://app:pw123456' + '@db.internal',
    };
    expect(Object.keys(samples).sort()).toEqual(CREDENTIAL_FORMATS.map((f) => f.name).sort());
    const tags = Object.fromEntries(Object.values(samples).map((v, i) => [`note${i}`, `see ${v}`]));
    const result = verdicts(noSecretLiteral, (scope, provider) => {
      new SecretsmanagerSecret(scope, 'noted', { provider, name: 'acme/dev/noted', tags });
    });
    Object.keys(samples).forEach((name, i) => expect(result['aws_secretsmanager_secret.noted']).toContain(`\`tags.note${i}\` contains ${name}`));
  });
});
