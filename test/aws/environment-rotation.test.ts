/**
 * Rotation of an environment's secrets, from the spec's `rotation` to Terraform: the built-in
 * function for `builtin` secrets, a schedule per rotated secret on the primary, and the invoke
 * permission on a function the team brings (which must be in the secret's account and region).
 */
import { awsModel } from '../../lib/aws/model';
import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CLOUDS } from '../../lib/backends';
import { loadPlatformObject } from '../../lib/core/loader';
import type { EnvironmentModel } from '../../lib/aws/model';
import type { PlatformSpecInput } from '../../lib/aws/spec';
import { EnvironmentRotation, customRotationProblems, parseLambdaArn } from '../../lib/aws/environment-rotation';

type Json = Record<string, any>;

const ACCOUNT = '111111111111';
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/mrk-0123456789abcdef0123456789abcdef`;
const OWN_FUNCTION = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:db-rotation`;

function spec(secrets: PlatformSpecInput['secrets']): PlatformSpecInput {
  return {
    project: 'shop',
    regions: { primary: 'eu-west-1', replicas: ['us-east-1'] },
    environments: { dev: { account: ACCOUNT } },
    secrets,
  };
}

function devModel(raw: PlatformSpecInput): EnvironmentModel {
  return awsModel(loadPlatformObject(raw, 'spec', CLOUDS).model).environments[0];
}

const secretArn = (path: string, region = 'eu-west-1') => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:shop/dev/${path}-AbCdEf`;

function synth(raw: PlatformSpecInput): Json {
  const env = devModel(raw);
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-1', alias: 'eu-west-1' });
  const secrets = new Map(env.secrets.map((s) => [s.path, { arn: (region: string) => secretArn(s.path, region) }]));
  new EnvironmentRotation(stack, 'rotation', { env, provider, secrets, keyArn: KEY_ARN });
  return JSON.parse(Testing.synth(stack));
}

const all = (stack: Json, type: string): Json[] => Object.values<Json>(stack.resource?.[type] ?? {});
const rotationOf = (stack: Json, path: string) => all(stack, 'aws_secretsmanager_secret_rotation').find((r) => r.secret_id === secretArn(path))!;

describe('EnvironmentRotation', () => {
  const builtin = spec({
    'db/password': { generate: { length: 32 }, rotation: { every: '30d', window: '4h' } },
    'auth/signing-key': { generate: { length: 64, excludePunctuation: true }, rotation: { schedule: 'rate(12 hours)', rotateImmediately: true } },
    'static/token': {},
  });

  it('deploys one built-in function for the secrets that use it, and nothing for the others', () => {
    const stack = synth(builtin);
    const functions = all(stack, 'aws_lambda_function');
    expect(functions).toHaveLength(1);
    expect(functions[0].function_name).toBe('shop-dev-rotation');
    expect(all(stack, 'aws_secretsmanager_secret_rotation').map((r) => r.secret_id).sort()).toEqual([secretArn('auth/signing-key'), secretArn('db/password')]);
  });

  it('schedules each secret on its primary from the spec, after the invoke permission and the role policy', () => {
    const stack = synth(builtin);
    const db = rotationOf(stack, 'db/password');
    expect(db).toMatchObject({
      provider: 'aws.eu-west-1',
      rotation_rules: { automatically_after_days: 30, duration: '4h' },
      rotate_immediately: false,
    });
    expect(db.rotation_lambda_arn).toMatch(/^\$\{aws_lambda_function\..+\.arn\}$/);
    expect(db.depends_on).toHaveLength(2);
    expect(db.depends_on.some((d: string) => d.startsWith('aws_lambda_permission.'))).toBe(true);
    expect(db.depends_on.some((d: string) => d.startsWith('aws_iam_role_policy.'))).toBe(true);
    expect(rotationOf(stack, 'auth/signing-key')).toMatchObject({ rotation_rules: { schedule_expression: 'rate(12 hours)' }, rotate_immediately: true });
  });

  it('lets Secrets Manager invoke the built-in function through one permission scoped to the environment, which every schedule waits for', () => {
    const stack = synth(builtin);
    const permissions = Object.entries<Json>(stack.resource.aws_lambda_permission);
    expect(permissions).toHaveLength(1);
    const [name, permission] = permissions[0];
    expect(permission).toMatchObject({
      principal: 'secretsmanager.amazonaws.com',
      source_account: ACCOUNT,
      source_arn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:shop/dev/*`,
    });
    for (const path of ['db/password', 'auth/signing-key']) expect(rotationOf(stack, path).depends_on).toContain(`aws_lambda_permission.${name}`);
  });

  it('keeps one permission per secret for a function the team brings, next to the built-in one', () => {
    const stack = synth(
      spec({
        'db/password': { generate: { length: 32 }, rotation: { every: '30d' } },
        'api/key': { type: 'external', rotation: { every: '7d', function: OWN_FUNCTION } },
      }),
    );
    const sources = all(stack, 'aws_lambda_permission').map((p) => p.source_arn).sort();
    expect(sources).toEqual([`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:shop/dev/*`, secretArn('api/key')]);
  });

  it('lets a secret rotate with a function the team brings: its ARN, and Secrets Manager allowed to invoke it for that secret', () => {
    const stack = synth(
      spec({
        'db/password': { type: 'external', rotation: { every: '7d', function: `${OWN_FUNCTION}:live` } },
      }),
    );
    expect(all(stack, 'aws_lambda_function')).toEqual([]);
    expect(rotationOf(stack, 'db/password')).toMatchObject({ rotation_lambda_arn: `${OWN_FUNCTION}:live`, rotation_rules: { automatically_after_days: 7 } });
    const permissions = all(stack, 'aws_lambda_permission');
    expect(permissions).toEqual([
      {
        provider: 'aws.eu-west-1',
        function_name: OWN_FUNCTION,
        qualifier: 'live',
        statement_id: 'SecretsManager-dev-db_password',
        action: 'lambda:InvokeFunction',
        principal: 'secretsmanager.amazonaws.com',
        source_account: ACCOUNT,
        source_arn: secretArn('db/password'),
      },
    ]);
    expect(rotationOf(stack, 'db/password').depends_on).toEqual([expect.stringMatching(/^aws_lambda_permission\./)]);
  });

  it('creates nothing when no secret rotates', () => {
    const stack = synth(spec({ 'static/token': {} }));
    expect(stack.resource ?? {}).toEqual({});
  });
});

describe('a function the team brings must be in the secret\'s account and primary region', () => {
  it('reports another account and another region at the spec path', () => {
    const env = devModel(spec({ 'db/password': { type: 'external', rotation: { every: '30d', function: OWN_FUNCTION } } }));
    const elsewhere = {
      ...env,
      secrets: env.secrets.map((s) => ({ ...s, rotation: { ...s.rotation!, function: { kind: 'custom' as const, ref: 'arn:aws:lambda:us-east-1:222222222222:function:x', arn: 'arn:aws:lambda:us-east-1:222222222222:function:x' } } })),
    };
    expect(customRotationProblems(env)).toEqual([]);
    expect(customRotationProblems(elsewhere).map((p) => [p.path.join('.'), p.message])).toEqual([
      ['secrets.db/password.rotation.function', expect.stringMatching(/in account 222222222222, but environment `dev` is in 111111111111; a rotation function must be in the secret's account/)],
      ['secrets.db/password.rotation.function', expect.stringMatching(/is in us-east-1; secrets of environment `dev` rotate in its primary region eu-west-1/)],
    ]);
  });

  it('is refused when the spec is loaded, naming the place', () => {
    const raw = spec({ 'db/password': { type: 'external', rotation: { every: '30d', function: 'arn:aws:lambda:eu-west-1:999999999999:function:x' } } });
    expect(() => devModel(raw)).toThrow(/secrets\.db\/password\.rotation\.function: the function is in account 999999999999/);
  });
});

describe('parseLambdaArn', () => {
  it('splits a function ARN and its optional qualifier', () => {
    expect(parseLambdaArn(OWN_FUNCTION)).toEqual({ functionArn: OWN_FUNCTION, region: 'eu-west-1', account: ACCOUNT, name: 'db-rotation', qualifier: undefined });
    expect(parseLambdaArn(`${OWN_FUNCTION}:3`)?.qualifier).toBe('3');
    expect(parseLambdaArn('arn:aws:iam::111111111111:role/x')).toBeUndefined();
  });
});
