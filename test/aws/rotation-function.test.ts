/**
 * The built-in rotation function as Terraform sees it: runtime and limits, no configuration of
 * its own (options travel as tags on the secrets), its code's hash, its encrypted log group, a
 * role allowed exactly the rotation protocol on exactly its secrets, and one invoke permission
 * pinned by account and by the ARN pattern of the environment's secrets.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { analyzeRoles } from '../support/iam-analysis';
import { RoleStatements } from '../../lib/aws/role-statements';
import { rotationBundlePath } from '../../lib/aws/rotation-bundle';
import { EXACT_ROTATION_GRANTS_MAX, type RotatedSecret, RotationFunction, type RotationFunctionProps, grantRotateSecret } from '../../lib/aws/rotation-function';

type Json = Record<string, any>;

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/mrk-0123456789abcdef0123456789abcdef`;
const ROTATION = {
  functionName: 'shop-dev-rotation',
  logGroupName: '/aws/lambda/shop-dev-rotation',
  secretNamePrefix: 'shop/dev/',
  secrets: ['auth/signing-key', 'db/password'],
};

const secretArn = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-AbCdEf`;
const SECRETS: RotatedSecret[] = [
  { name: 'shop/dev/db/password', id: 'db_password', arn: secretArn('shop/dev/db/password') },
  { name: 'shop/dev/auth/signing-key', id: 'auth_signing-key', arn: secretArn('shop/dev/auth/signing-key') },
];

function synth(overrides: Partial<RotationFunctionProps> = {}): { stack: Json; fn: RotationFunction } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new AwsProvider(stack, 'aws', { region: REGION, alias: REGION });
  const fn = new RotationFunction(stack, 'rotation', {
    provider,
    region: REGION,
    account: ACCOUNT,
    rotation: ROTATION,
    secrets: SECRETS,
    secretsKeyArn: KEY_ARN,
    ...overrides,
  });
  return { stack: JSON.parse(Testing.synth(stack)), fn };
}

/** `${type.name.attr}` of the only resource of `type`: logical ids carry a hash, so derive them. */
const ref = (stack: Json, type: string, attr: string): string => {
  const names = Object.keys(stack.resource[type] ?? {});
  expect(names).toHaveLength(1);
  return `\${${type}.${names[0]}.${attr}}`;
};
const address = (stack: Json, type: string): string => ref(stack, type, 'x').slice(2, -3);

const only = (stack: Json, type: string): Json => {
  const all = Object.values<Json>(stack.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
};

describe('RotationFunction', () => {
  const { stack } = synth();
  const lambda = only(stack, 'aws_lambda_function');

  it('runs the bundled handler on a supported runtime, capped, traced', () => {
    expect(lambda).toMatchObject({
      function_name: 'shop-dev-rotation',
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      timeout: 30,
      memory_size: 256,
      reserved_concurrent_executions: 10,
      tracing_config: { mode: 'Active' },
      role: ref(stack, 'aws_iam_role', 'arn'),
    });
    // Lambda's default group for the function is the one the construct creates.
    expect(lambda.function_name).toBe(ROTATION.logGroupName.replace('/aws/lambda/', ''));
    expect(lambda.provider).toBe(`aws.${REGION}`);
    expect(lambda.depends_on.sort()).toEqual([address(stack, 'aws_cloudwatch_log_group'), address(stack, 'aws_iam_role_policy')]);
  });

  it('deploys the zip the build produced, pinned by its SHA-256', () => {
    const zip = fs.readFileSync(rotationBundlePath());
    expect(lambda.source_code_hash).toBe(crypto.createHash('sha256').update(zip).digest('base64'));
    expect(lambda.filename).toMatch(/^assets\/.+\/rotation\.zip$/);
  });

  it('carries no configuration: the secrets carry their options, so its size does not grow with them', () => {
    expect(lambda.environment).toBeUndefined();
    expect(lambda.kms_key_arn).toBeUndefined();
  });

  it('writes logs only into its own group: kept a year, encrypted with its key', () => {
    expect(only(stack, 'aws_cloudwatch_log_group')).toMatchObject({
      name: '/aws/lambda/shop-dev-rotation',
      retention_in_days: 365,
      kms_key_id: ref(stack, 'aws_kms_key', 'arn'),
    });
  });

  it('has a rotating key that CloudWatch Logs may use for this log group only', () => {
    const key = only(stack, 'aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const policy = JSON.parse(key.policy);
    expect(policy.Statement).toContainEqual({
      Sid: 'LogsEncryptOwnGroup',
      Effect: 'Allow',
      Principal: { Service: `logs.${REGION}.amazonaws.com` },
      Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/shop-dev-rotation` } },
    });
    expect(policy.Statement.map((s: Json) => s.Principal)).not.toContainEqual('*');
  });

  it('names its key by an alias after the function', () => {
    expect(only(stack, 'aws_kms_alias')).toMatchObject({ name: 'alias/shop-dev-rotation', target_key_id: ref(stack, 'aws_kms_key', 'key_id') });
  });

  it('protects its key from destroy in a protected environment', () => {
    expect(only(synth({ protect: true }).stack, 'aws_kms_key').lifecycle).toEqual({ prevent_destroy: true });
  });

  it('is assumable only by Lambda acting for this very function, under the boundary when one is set', () => {
    const role = only(synth({ permissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundary` }).stack, 'aws_iam_role');
    expect(role.name).toBe('shop-dev-rotation');
    expect(role.permissions_boundary).toBe(`arn:aws:iam::${ACCOUNT}:policy/boundary`);
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: {
            'aws:SourceArn': [
              `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-rotation`,
              `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-rotation:*`,
            ],
          },
        },
      },
    ]);
  });

  it('may do exactly the rotation protocol on exactly its secrets, and nothing else', () => {
    const grants = analyzeRoles(stack as any)
      .get('shop-dev-rotation')!
      .grants.map((g) => (g.condition ? `${g.action} ${g.resource} if ${g.condition}` : `${g.action} ${g.resource}`));
    const logs = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/shop-dev-rotation:*`;
    const viaSecret = (arn: string) => `StringEquals:kms:EncryptionContext:SecretARN=${arn}&StringEquals:kms:ViaService=secretsmanager.${REGION}.amazonaws.com`;
    const expected = [
      ...SECRETS.flatMap((s) => [`kms:Decrypt ${KEY_ARN} if ${viaSecret(s.arn)}`, `kms:GenerateDataKey ${KEY_ARN} if ${viaSecret(s.arn)}`]),
      `logs:CreateLogStream ${logs}`,
      `logs:PutLogEvents ${logs}`,
      ...SECRETS.flatMap((s) => ['DescribeSecret', 'GetSecretValue', 'PutSecretValue', 'UpdateSecretVersionStage'].map((a) => `secretsmanager:${a} ${s.arn}`)),
      // The two services whose write actions IAM cannot scope to a resource.
      'secretsmanager:GetRandomPassword *',
      'xray:PutTelemetryRecords *',
      'xray:PutTraceSegments *',
    ];
    expect([...grants].sort()).toEqual([...expected].sort());
  });

  it('lets Secrets Manager invoke it with one permission for the whole environment, pinned by account and by the pattern of its secrets', () => {
    const { stack: many, fn } = synth({
      secrets: Array.from({ length: 400 }, (_, i) => ({ name: `shop/dev/svc-${i}/password`, id: `svc-${i}_password`, arn: secretArn(`shop/dev/svc-${i}/password`) })),
    });
    for (const json of [stack, many]) {
      const permission = only(json, 'aws_lambda_permission');
      expect(permission).toEqual({
        provider: `aws.${REGION}`,
        function_name: ref(json, 'aws_lambda_function', 'function_name'),
        statement_id: 'SecretsManager',
        action: 'lambda:InvokeFunction',
        principal: 'secretsmanager.amazonaws.com',
        source_account: ACCOUNT,
        source_arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop/dev/*`,
      });
    }
    expect(fn.invokePermission).toBeDefined();
  });

  it('renders references to secrets created in the same stack', () => {
    const app = Testing.app();
    const s = new TerraformStack(app, 'refs');
    const provider = new AwsProvider(s, 'aws', { region: REGION, alias: REGION });
    const secret = new SecretsmanagerSecret(s, 'secret', { provider, name: 'shop/dev/db/password' });
    new RotationFunction(s, 'rotation', {
      provider,
      region: REGION,
      account: ACCOUNT,
      rotation: ROTATION,
      secrets: [{ ...SECRETS[0], arn: secret.arn }],
      secretsKeyArn: KEY_ARN,
    });
    const json: Json = JSON.parse(Testing.synth(s));
    expect(only(json, 'aws_iam_role_policy').policy).toContain('"Resource":"${aws_secretsmanager_secret.secret.arn}"');
  });

  it('takes a reserved concurrency other than the default', () => {
    expect(only(synth({ reservedConcurrency: 25 }).stack, 'aws_lambda_function').reserved_concurrent_executions).toBe(25);
  });

  it('refuses to exist without a secret to rotate', () => {
    expect(() => synth({ secrets: [] })).toThrow(/shop-dev-rotation: no secret to rotate/);
  });
});

describe('grantRotateSecret', () => {
  it('adds the four protocol actions on the secret and the key half, through Secrets Manager for that secret only', () => {
    const statements = new RoleStatements('r');
    const grantee = { granteeName: 'r', addStatements: (...s: Parameters<RoleStatements['add']>) => statements.add(...s) };
    const arn = secretArn('shop/dev/db/password');
    const added = grantRotateSecret(grantee, { secretArn: arn, keyArn: KEY_ARN, region: REGION, purpose: 'SecretDbPassword' });
    expect(statements.all).toEqual(added);
    expect(added).toEqual([
      {
        sid: 'RotateSecretDbPassword',
        actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        resources: [arn],
      },
      {
        sid: 'RotateKeySecretDbPassword',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [KEY_ARN],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com`, 'kms:EncryptionContext:SecretARN': arn } },
      },
    ]);
  });
});

describe('RotationFunction with many secrets', () => {
  const many = (n: number): RotatedSecret[] =>
    Array.from({ length: n }, (_, i) => ({ name: `shop/dev/s${i}`, id: `s${i}`, arn: secretArn(`shop/dev/s${i}`) }));
  const policyOf = (n: number) => JSON.parse(only(synth({ secrets: many(n) }).stack, 'aws_iam_role_policy').policy);

  it(`names each secret up to ${EXACT_ROTATION_GRANTS_MAX} of them`, () => {
    const policy = policyOf(EXACT_ROTATION_GRANTS_MAX);
    const resources = policy.Statement.flatMap((s: Json) => [s.Resource].flat());
    const arns = many(EXACT_ROTATION_GRANTS_MAX).map((s) => s.arn);
    expect(arns.every((arn) => resources.includes(arn))).toBe(true);
    // Each key grant is narrowed to its own secret.
    const contexts = policy.Statement.map((s: Json) => s.Condition?.StringEquals?.['kms:EncryptionContext:SecretARN']).filter(Boolean);
    expect(contexts.flat().sort()).toEqual([...arns].sort());
    expect(JSON.stringify(policy)).not.toContain('AllowRotationLambdaArn');
  });

  it('beyond that, covers exactly the secrets of the environment assigned to this function, in a size that does not grow', () => {
    const policy = policyOf(EXACT_ROTATION_GRANTS_MAX + 1);
    const pattern = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop/dev/*`;
    expect(policy.Statement.filter((s: Json) => s.Sid?.startsWith('Rotate'))).toEqual([
      {
        Sid: 'RotateAssignedSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        Resource: pattern,
        Condition: { StringEquals: { 'secretsmanager:resource/AllowRotationLambdaArn': `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-rotation` } },
      },
      {
        Sid: 'RotateAssignedSecretsKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: KEY_ARN,
        Condition: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:SecretARN': pattern },
        },
      },
    ]);
    expect(JSON.stringify(policyOf(500))).toBe(JSON.stringify(policy));
    // IAM's limit on a role's inline policies.
    expect(JSON.stringify(policy).length).toBeLessThan(10_240);
    expect(JSON.stringify(policyOf(EXACT_ROTATION_GRANTS_MAX)).length).toBeLessThan(10_240);
  });
});
