/**
 * Rotation of one environment's secrets, in its primary region: the built-in function (with its
 * one invoke permission) when any secret uses `function: builtin`, one schedule per rotated
 * secret, and for a function the team brings, Secrets Manager's invoke permission on it for
 * that secret. Replicas are never rotated themselves:
 * Secrets Manager rotates the primary and replicates each new version.
 */
import { Construct } from 'constructs';
import type { TerraformResource } from 'cdktf';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { EnvironmentModel, SecretModel } from './model';
import { type Problem, problem } from '../core/errors';
import { RotationFunction, SECRETS_MANAGER_PRINCIPAL } from './rotation-function';
import { RotationSchedule } from './rotation-schedule';
import { addresses, stableAddress } from './addresses';

/** What rotation needs of its environment: only what it reads, so it can be built and tested alone. */
export type RotationEnvironment = Pick<EnvironmentModel, 'account' | 'keyDeletionWindowDays' | 'name' | 'permissionsBoundaryArn' | 'primaryRegion' | 'protect' | 'rotation' | 'secrets'>;

/** A secret as rotation needs it: its primary's ARN. */
export interface RotatableSecret {
  arn(region: string): string;
}

export interface EnvironmentRotationProps {
  readonly env: RotationEnvironment;
  /** The provider of the environment's primary region. */
  readonly provider: AwsProvider;
  /** The environment's secrets by logical path. */
  readonly secrets: ReadonlyMap<string, RotatableSecret>;
  /** The environment key's ARN in the primary region. */
  readonly keyArn: string;
  /**
   * What writes each generated secret's first value, by logical path: its schedule waits for it,
   * since Secrets Manager tests or rotates from the current value as soon as rotation is set.
   * @default nothing to wait for
   */
  readonly initialValues?: ReadonlyMap<string, { readonly version: TerraformResource }>;
  /** Days the built-in function's logs are kept. @default 365 */
  readonly logRetentionDays?: number;
}

export class EnvironmentRotation extends Construct {
  /** The built-in function, when a secret of the environment uses it. */
  readonly builtin?: RotationFunction;
  /** Schedules by secret path. */
  readonly schedules: ReadonlyMap<string, RotationSchedule>;

  constructor(scope: Construct, id: string, props: EnvironmentRotationProps) {
    super(scope, id);
    const { env, provider } = props;
    const region = env.primaryRegion;
    const rotated = env.secrets.filter((s) => s.rotation);
    const arnOf = (secret: SecretModel) => {
      const found = props.secrets.get(secret.path);
      if (!found) throw new Error(`environment ${env.name}: secret ${secret.path} rotates, but the environment provisions only: ${[...props.secrets.keys()].join(', ')}`);
      return found.arn(region);
    };

    if (env.rotation) {
      this.builtin = new RotationFunction(this, 'builtin', {
        provider,
        region,
        account: env.account,
        rotation: env.rotation,
        secrets: rotated
          .filter((s) => s.rotation!.function.kind === 'builtin')
          .map((s) => {
            if (!s.generate) throw new Error(`secret ${s.path}: the built-in rotation needs generator options; external secrets bring their own function`);
            return { name: s.name, id: s.id, arn: arnOf(s) };
          }),
        secretsKeyArn: props.keyArn,
        protect: env.protect,
        keyDeletionWindowDays: env.keyDeletionWindowDays,
        logRetentionDays: props.logRetentionDays,
        permissionsBoundaryArn: env.permissionsBoundaryArn,
      });
    }

    this.schedules = new Map(
      rotated.map((secret) => {
        const fn = secret.rotation!.function;
        const secretArn = arnOf(secret);
        let functionArn: string;
        let permission: LambdaPermission;
        if (fn.kind === 'builtin') {
          functionArn = this.builtin!.functionArn;
          permission = this.builtin!.invokePermission;
        } else {
          functionArn = fn.arn;
          permission = customInvokePermission(this, env, provider, secret, secretArn, fn.arn);
        }
        const initialValue = props.initialValues?.get(secret.path)?.version;
        const dependsOn = [permission, ...(fn.kind === 'builtin' ? [this.builtin!.policy] : []), ...(initialValue ? [initialValue] : [])];
        return [
          secret.path,
          new RotationSchedule(this, `schedule-${secret.id}`, {
            provider,
            secretArn,
            rotation: secret.rotation!,
            functionArn,
            dependsOn,
            address: addresses.secret(secret.id),
          }),
        ];
      }),
    );
  }
}

/**
 * Secrets Manager may invoke a function the team brings, for this secret only. The kit adds
 * the statement to the function's policy (the deployer needs `lambda:AddPermission` on it);
 * the statement id names environment and secret, since one function may serve several.
 */
function customInvokePermission(
  scope: Construct,
  env: RotationEnvironment,
  provider: AwsProvider,
  secret: SecretModel,
  secretArn: string,
  arn: string,
): LambdaPermission {
  const target = parseLambdaArn(arn);
  if (!target) throw new Error(`secret ${secret.path}: ${arn} is not a Lambda function ARN`);
  return stableAddress(new LambdaPermission(scope, `invoke-${secret.id}`, {
    provider,
    functionName: target.functionArn,
    qualifier: target.qualifier,
    statementId: `SecretsManager-${env.name}-${secret.id}`,
    action: 'lambda:InvokeFunction',
    principal: SECRETS_MANAGER_PRINCIPAL,
    sourceAccount: env.account,
    sourceArn: secretArn,
  }), addresses.secret(secret.id));
}

export interface LambdaArnParts {
  readonly region: string;
  readonly account: string;
  readonly name: string;
  /** The ARN without version or alias. */
  readonly functionArn: string;
  readonly qualifier?: string;
}

/** `arn:aws:lambda:{region}:{account}:function:{name}[:{qualifier}]`, or undefined. */
export function parseLambdaArn(arn: string): LambdaArnParts | undefined {
  const m = /^(arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64}))(?::([A-Za-z0-9_$-]+))?$/.exec(arn);
  if (!m) return undefined;
  return { functionArn: m[1], region: m[2], account: m[3], name: m[4], qualifier: m[5] };
}

/**
 * A function the team brings must live where the kit can let Secrets Manager invoke it and
 * where the secret lets it in: the environment's account (each secret's resource policy denies
 * every other account) and its primary region (where the secret rotates).
 */
export function customRotationProblems(env: RotationEnvironment): Problem[] {
  const problems: Problem[] = [];
  for (const secret of env.secrets) {
    const fn = secret.rotation?.function;
    if (fn?.kind !== 'custom') continue;
    const target = parseLambdaArn(fn.arn);
    if (!target) continue; // the schema's pattern reports it
    const at = ['secrets', secret.path, 'rotation', 'function'];
    if (target.account !== env.account) {
      problems.push(
        problem(at, `the function is in account ${target.account}, but environment \`${env.name}\` is in ${env.account}; a rotation function must be in the secret's account (limit the secret with \`environments\` when accounts differ)`),
      );
    }
    if (target.region !== env.primaryRegion) {
      problems.push(problem(at, `the function is in ${target.region}; secrets of environment \`${env.name}\` rotate in its primary region ${env.primaryRegion}`));
    }
  }
  return problems;
}
