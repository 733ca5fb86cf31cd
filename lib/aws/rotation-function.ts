/**
 * The built-in rotation function of one environment, in its primary region: the bundled
 * handler of `lib/aws/rotation`, its own role (allowed to rotate exactly the secrets it serves),
 * its own encrypted log group, and one invoke permission for Secrets Manager, pinned by source
 * account and by the ARN pattern of the environment's secrets (one statement whatever the
 * number of secrets: a function's resource policy holds 20 KB). Each secret's generator
 * options travel with the secret, as a tag (see rotation/config.ts). Replicas are never
 * rotated: Secrets Manager rotates the primary and replicates the new version.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { BuiltinRotationModel } from './model';
import { rotationKeyAlias } from './names';
import { addresses, stableAddress } from './addresses';
import { accountRootArn, environmentSecretsArnPattern, lambdaFunctionArn, logGroupArn, logGroupStreamsArn, viaService } from './arns';
import { inlineRole } from './inline-role';
import { type Grantee, PolicyDocument, type PolicyStatement, sidFor } from './policy';
import { RoleStatements } from './role-statements';
import { rotationBundlePath } from './rotation-bundle';

/** What the rotation protocol does to a secret (AWS's rotation-function policy, minus nothing). */
export const SECRET_ROTATE_ACTIONS = [
  'secretsmanager:DescribeSecret',
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
] as const;
/** Reading the current and pending values, and a data key for each new version. */
export const KMS_ROTATE_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'] as const;
/** Has no resource-level permissions: IAM requires `*`. */
export const RANDOM_PASSWORD_ACTION = 'secretsmanager:GetRandomPassword';
/** X-Ray's write actions have no resource-level permissions either. */
export const TRACING_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] as const;
/** Lambda writes into the group the construct creates; it never creates one. */
export const ROTATION_LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;
export const SECRETS_MANAGER_PRINCIPAL = 'secretsmanager.amazonaws.com';
/**
 * Up to this many secrets, the role names each one (two statements, about 640 characters
 * each); beyond it, one grant covers the environment's secrets whose rotation function is this
 * one. IAM holds at most 10,240 characters of inline policy per role.
 */
export const EXACT_ROTATION_GRANTS_MAX = 10;

/** Fixed settings of the function (see docs/rotation.md). */
export const ROTATION_RUNTIME = {
  runtime: 'nodejs22.x',
  architecture: 'arm64',
  handler: 'index.handler',
  memorySize: 256,
  timeoutSeconds: 30,
} as const;

export interface RotatedSecret {
  /** `{project}/{env}/{path}`. */
  readonly name: string;
  /** Terraform-safe id of the secret (`SecretModel.id`); names its role statements. */
  readonly id: string;
  /** The primary's ARN: a reference to the secret resource, or a literal. */
  readonly arn: string;
}

export interface RotationFunctionProps {
  /** The provider of the environment's primary region. */
  readonly provider: AwsProvider;
  readonly region: string;
  readonly account: string;
  /** Names of the function, its role and its log group, and the prefix of its secrets' names. */
  readonly rotation: BuiltinRotationModel;
  /** Every secret this function rotates, in the primary region. At least one. */
  readonly secrets: readonly RotatedSecret[];
  /** ARN of the key that encrypts those secrets in `region`. */
  readonly secretsKeyArn: string;
  /** `prevent_destroy` on the function's key. @default false */
  readonly protect?: boolean;
  /** Days the function's logs are kept. @default 365 */
  readonly logRetentionDays?: number;
  /** Waiting period before the function's key is deleted. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /**
   * Executions reserved for (and capped at) this function. Secrets Manager's guide warns that
   * fewer than 10 can throttle rotation.
   * @default 10
   */
  readonly reservedConcurrency?: number;
  /** @default no permissions boundary */
  readonly permissionsBoundaryArn?: string;
}

export class RotationFunction extends Construct implements Grantee {
  readonly granteeName: string;
  readonly key: KmsKey;
  readonly logGroup: CloudwatchLogGroup;
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  readonly function: LambdaFunction;
  /** Secrets Manager's invoke permission, for every secret of the environment; schedules wait for it. */
  readonly invokePermission: LambdaPermission;
  private readonly statements: RoleStatements;

  constructor(scope: Construct, id: string, props: RotationFunctionProps) {
    super(scope, id);
    const { provider, region, account, rotation } = props;
    if (props.secrets.length === 0) throw new Error(`rotation function ${rotation.functionName}: no secret to rotate; create it only when a secret uses \`function: builtin\``);
    this.granteeName = rotation.functionName;

    const address = addresses.rotation();
    const functionArn = lambdaFunctionArn(region, account, rotation.functionName);
    this.key = stableAddress(new KmsKey(this, 'key', {
      provider,
      description: `Logs of the rotation function ${rotation.functionName}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays ?? 30,
      policy: logKeyPolicy(region, account, rotation.logGroupName),
      lifecycle: { preventDestroy: props.protect ?? false },
    }), address);
    stableAddress(new KmsAlias(this, 'key-alias', { provider, name: rotationKeyAlias(rotation.functionName), targetKeyId: this.key.keyId }), address);
    this.logGroup = stableAddress(new CloudwatchLogGroup(this, 'logs', {
      provider,
      name: rotation.logGroupName,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: this.key.arn,
    }), address);

    ({ role: this.role, policy: this.policy, statements: this.statements } = inlineRole(this, {
      provider,
      name: rotation.functionName,
      description: 'Role of the built-in rotation function: rotates only the secrets its policy names',
      assumeRolePolicy: RoleStatements.trustPolicy({
        principals: { Service: 'lambda.amazonaws.com' },
        actions: ['sts:AssumeRole'],
        // Only Lambda acting for this very function (any of its versions or aliases) may assume it.
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': [functionArn, `${functionArn}:*`] },
        },
      }),
      permissionsBoundary: props.permissionsBoundaryArn,
      address,
    }));
    this.addStatements(...baseStatements(region, account, rotation));
    if (props.secrets.length <= EXACT_ROTATION_GRANTS_MAX) {
      for (const secret of props.secrets) {
        grantRotateSecret(this, { secretArn: secret.arn, keyArn: props.secretsKeyArn, region, purpose: sidFor('Secret', secret.id) });
      }
    } else {
      grantRotateAssigned(this, {
        secretArnPattern: environmentSecretsArnPattern(region, account, rotation.secretNamePrefix),
        functionArn: lambdaFunctionArn(region, account, rotation.functionName),
        keyArn: props.secretsKeyArn,
        region,
      });
    }

    const bundle = rotationBundlePath();
    const asset = new TerraformAsset(this, 'bundle', { path: bundle, type: AssetType.FILE });
    this.function = stableAddress(new LambdaFunction(this, 'function', {
      provider,
      functionName: rotation.functionName,
      description: 'Rotates generated secrets: createSecret, setSecret, testSecret, finishSecret',
      role: this.role.arn,
      handler: ROTATION_RUNTIME.handler,
      runtime: ROTATION_RUNTIME.runtime,
      architectures: [ROTATION_RUNTIME.architecture],
      memorySize: ROTATION_RUNTIME.memorySize,
      timeout: ROTATION_RUNTIME.timeoutSeconds,
      filename: asset.path,
      sourceCodeHash: crypto.createHash('sha256').update(fs.readFileSync(bundle)).digest('base64'),
      reservedConcurrentExecutions: props.reservedConcurrency ?? 10,
      tracingConfig: { mode: 'Active' },
      // Lambda logs to `/aws/lambda/{function}`, the group above (the model names it so). It
      // exists, encrypted and with retention, before Lambda could create a plain one, and the
      // role may act before the first invocation.
      dependsOn: [this.logGroup, this.policy],
    }), address);

    // Secrets Manager checks this permission when rotation is configured on a secret and at
    // each invocation. Lambda matches the source ARN with wildcards (the statement it writes
    // reads `ArnLike`), so the pattern covers every secret of the environment and only those;
    // the role and the options tag decide which of them the function can actually rotate.
    this.invokePermission = stableAddress(new LambdaPermission(this, 'invoke', {
      provider,
      functionName: this.function.functionName,
      statementId: 'SecretsManager',
      action: 'lambda:InvokeFunction',
      principal: SECRETS_MANAGER_PRINCIPAL,
      sourceAccount: account,
      sourceArn: environmentSecretsArnPattern(region, account, rotation.secretNamePrefix),
    }), address);
  }

  /** The function's ARN, for the secrets' rotation schedules. */
  get functionArn(): string {
    return this.function.arn;
  }

  addStatements(...statements: PolicyStatement[]): void {
    this.statements.add(...statements);
  }

  /** The role's statements so far, in the order they render. */
  get policyStatements(): readonly PolicyStatement[] {
    return this.statements.all;
  }
}

export interface AssignedRotateGrantTarget {
  /** `arn:aws:secretsmanager:{region}:{account}:secret:{project}/{env}/*` */
  readonly secretArnPattern: string;
  /** The rotation function: only secrets whose rotation is assigned to it are covered. */
  readonly functionArn: string;
  readonly keyArn: string;
  readonly region: string;
}

/**
 * The same rights as `grantRotateSecret`, for every secret of the environment whose rotation
 * is assigned to this function (`secretsmanager:resource/AllowRotationLambdaArn`), in a size
 * that does not grow with the number of secrets.
 */
export function grantRotateAssigned(grantee: Grantee, target: AssignedRotateGrantTarget): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      sid: 'RotateAssignedSecrets',
      actions: [...SECRET_ROTATE_ACTIONS],
      resources: [target.secretArnPattern],
      conditions: { StringEquals: { 'secretsmanager:resource/AllowRotationLambdaArn': target.functionArn } },
    },
    {
      sid: 'RotateAssignedSecretsKey',
      actions: [...KMS_ROTATE_ACTIONS],
      resources: [target.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': viaService('secretsmanager', target.region) },
        StringLike: { 'kms:EncryptionContext:SecretARN': target.secretArnPattern },
      },
    },
  ];
  grantee.addStatements(...statements);
  return statements;
}

export interface RotateGrantTarget {
  /** The primary's ARN. */
  readonly secretArn: string;
  /** The key encrypting the secret in `region`. */
  readonly keyArn: string;
  /** The secret's primary region. */
  readonly region: string;
  /** The statement ids' part naming the secret, e.g. `SecretDbPassword`. */
  readonly purpose: string;
}

/**
 * Lets `grantee` run the rotation protocol on one secret: the four Secrets Manager actions on
 * its primary ARN, and Decrypt / GenerateDataKey of its key only through Secrets Manager in
 * that region and only for this secret (`kms:EncryptionContext:SecretARN`). Belongs on the
 * secret construct as `grantRotate(grantee)`; kept here, with plain inputs, until it moves.
 */
export function grantRotateSecret(grantee: Grantee, target: RotateGrantTarget): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { sid: sidFor('Rotate', target.purpose), actions: [...SECRET_ROTATE_ACTIONS], resources: [target.secretArn] },
    {
      sid: sidFor('RotateKey', target.purpose),
      actions: [...KMS_ROTATE_ACTIONS],
      resources: [target.keyArn],
      conditions: {
        StringEquals: {
          'kms:ViaService': viaService('secretsmanager', target.region),
          'kms:EncryptionContext:SecretARN': target.secretArn,
        },
      },
    },
  ];
  grantee.addStatements(...statements);
  return statements;
}

function baseStatements(region: string, account: string, rotation: BuiltinRotationModel): PolicyStatement[] {
  return [
    { sid: 'Logs', actions: [...ROTATION_LOG_ACTIONS], resources: [logGroupStreamsArn(region, account, rotation.logGroupName)] },
    { sid: 'GenerateValues', actions: [RANDOM_PASSWORD_ACTION], resources: ['*'] },
    { sid: 'Tracing', actions: [...TRACING_ACTIONS], resources: ['*'] },
  ];
}

/**
 * The function's key: the account manages it through IAM (the default key policy), and
 * CloudWatch Logs of this region may use it only for this function's log group.
 */
function logKeyPolicy(region: string, account: string, logGroupName: string): string {
  return new PolicyDocument([
    { sid: 'AccountManagesKeyThroughIam', principals: { AWS: accountRootArn(account) }, actions: ['kms:*'], resources: ['*'] },
    {
      sid: 'LogsEncryptOwnGroup',
      principals: { Service: `logs.${region}.amazonaws.com` },
      actions: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      resources: ['*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn(region, account, logGroupName) } },
    },
  ]).toJson();
}
