/**
 * When one secret rotates and with which function: `aws_secretsmanager_secret_rotation` on the
 * primary (replicas follow it: Secrets Manager replicates each new version). The function is
 * the environment's built-in one or a Lambda the team brings.
 */
import { Construct } from 'constructs';
import type { TerraformResource } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  SecretsmanagerSecretRotation,
  type SecretsmanagerSecretRotationRotationRules,
} from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import type { RotationModel } from './model';
import { stableAddress } from './addresses';
import { resourceAddress } from './references';

export interface RotationScheduleProps {
  /** The provider of the secret's primary region. */
  readonly provider: AwsProvider;
  /** The primary's ARN. */
  readonly secretArn: string;
  readonly rotation: RotationModel;
  /** The function's ARN: the built-in function's, or `rotation.function.arn` for your own. */
  readonly functionArn: string;
  /** The schedule's Terraform address (`addresses.secret`). */
  readonly address: string;
  /**
   * What must exist before Secrets Manager checks that it may invoke the function (the invoke
   * permission, the function's role policy).
   * @default nothing
   */
  readonly dependsOn?: readonly TerraformResource[];
}

export class RotationSchedule extends Construct {
  readonly resource: SecretsmanagerSecretRotation;

  constructor(scope: Construct, id: string, props: RotationScheduleProps) {
    super(scope, id);
    this.resource = stableAddress(new SecretsmanagerSecretRotation(this, 'rotation', {
      provider: props.provider,
      secretId: props.secretArn,
      rotationLambdaArn: props.functionArn,
      rotationRules: rotationRules(props.rotation),
      // Stated explicitly: the provider's default is true, the spec's is false.
      rotateImmediately: props.rotation.rotateImmediately,
    }), props.address);
    // Their addresses as plain strings, not a token per entry (see references.ts); every
    // rotated secret's schedule has two or three.
    if (props.dependsOn) this.resource.dependsOn = props.dependsOn.map(resourceAddress);
  }
}

/**
 * A whole number of days goes out as `automatically_after_days`, the rest (hours, cron) as
 * `schedule_expression`. Both mean the same schedule to Secrets Manager; the day form is the
 * one DescribeSecret always reports back as it was set (the moto emulator keeps only that
 * form), so a second plan shows no change.
 */
export function rotationRules(rotation: RotationModel): SecretsmanagerSecretRotationRotationRules {
  const hours = rotation.intervalHours;
  const duration = rotation.window;
  if (rotation.scheduleExpression.startsWith('rate(') && hours !== undefined && hours % 24 === 0) {
    return { automaticallyAfterDays: hours / 24, duration };
  }
  return { scheduleExpression: rotation.scheduleExpression, duration };
}
