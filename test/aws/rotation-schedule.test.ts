/**
 * One secret's rotation schedule: the spec's `every`, `rate()` or `cron()`, its window and
 * rotate-immediately, on the primary only, after the function's invoke permission.
 */
import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { RotationModel } from '../../lib/aws/model';
import { RotationSchedule, rotationRules } from '../../lib/aws/rotation-schedule';

type Json = Record<string, any>;

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/dev/db/password-AbCdEf';
const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:111111111111:function:shop-dev-rotation';

const rotation = (overrides: Partial<RotationModel> = {}): RotationModel => ({
  scheduleExpression: 'rate(30 days)',
  intervalHours: 720,
  rotateImmediately: false,
  function: { kind: 'builtin' },
  options: {},
  ...overrides,
});

function synth(model: RotationModel): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-1', alias: 'eu-west-1' });
  const permission = new LambdaPermission(stack, 'permission', {
    provider,
    functionName: FUNCTION_ARN,
    action: 'lambda:InvokeFunction',
    principal: 'secretsmanager.amazonaws.com',
  });
  new RotationSchedule(stack, 'schedule', { provider, secretArn: SECRET_ARN, rotation: model, functionArn: FUNCTION_ARN, dependsOn: [permission], address: 'secret_db_password' });
  const rotations = Object.values<Json>(JSON.parse(Testing.synth(stack)).resource.aws_secretsmanager_secret_rotation);
  expect(rotations).toHaveLength(1);
  return rotations[0];
}

describe('RotationSchedule', () => {
  it('rotates the primary with the given function, after its invoke permission, not immediately by default', () => {
    expect(synth(rotation())).toEqual({
      provider: 'aws.eu-west-1',
      secret_id: SECRET_ARN,
      rotation_lambda_arn: FUNCTION_ARN,
      rotation_rules: { automatically_after_days: 30 },
      rotate_immediately: false,
      depends_on: ['aws_lambda_permission.permission'],
    });
  });

  it('states rotate_immediately when the spec asks for it (the provider would default to true)', () => {
    expect(synth(rotation({ rotateImmediately: true })).rotate_immediately).toBe(true);
  });

  it('passes the window as the rotation duration', () => {
    expect(synth(rotation({ window: '4h' })).rotation_rules).toEqual({ automatically_after_days: 30, duration: '4h' });
  });
});

describe('rotationRules', () => {
  it('sends whole days as automatically_after_days', () => {
    expect(rotationRules(rotation({ scheduleExpression: 'rate(90 days)', intervalHours: 2160 }))).toEqual({ automaticallyAfterDays: 90 });
    expect(rotationRules(rotation({ scheduleExpression: 'rate(1 day)', intervalHours: 24 }))).toEqual({ automaticallyAfterDays: 1 });
  });

  it('sends hourly rates and cron expressions as schedule_expression', () => {
    expect(rotationRules(rotation({ scheduleExpression: 'rate(12 hours)', intervalHours: 12 }))).toEqual({ scheduleExpression: 'rate(12 hours)' });
    expect(rotationRules(rotation({ scheduleExpression: 'rate(36 hours)', intervalHours: 36 }))).toEqual({ scheduleExpression: 'rate(36 hours)' });
    expect(rotationRules(rotation({ scheduleExpression: 'cron(0 4 1 * ? *)', intervalHours: undefined, window: '2h' }))).toEqual({
      scheduleExpression: 'cron(0 4 1 * ? *)',
      duration: '2h',
    });
  });
});
