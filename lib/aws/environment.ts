/**
 * Everything one environment provisions on AWS, composed from the constructs of this folder.
 * Reads only the model; builds no names of its own.
 */
import { Construct } from 'constructs';
import type { EnvironmentModel, PlatformModel } from './model';
import { EnvironmentKey } from './environment-key';
import { EnvironmentRotation } from './environment-rotation';
import { ExecutionRole } from './execution-role';
import { GeneratedSecretVersion } from './generated-secret-version';
import { RegionalProviders } from './providers';
import { RegionalOutputs } from './regional-outputs';
import { ReplicatedSecret } from './replicated-secret';
import { SsmParameter } from './ssm-parameter';
import { SyncRole } from './sync-role';

export interface AwsEnvironmentProps {
  readonly platform: PlatformModel;
  readonly env: EnvironmentModel;
  /** @default real AWS endpoints */
  readonly localEndpoint?: string;
}

export class AwsEnvironment extends Construct {
  readonly providers: RegionalProviders;
  /** The environment key: multi-region primary, a replica per replica region, an alias in each. */
  readonly key: EnvironmentKey;
  /** Secrets by logical path. */
  readonly secrets: ReadonlyMap<string, ReplicatedSecret>;
  /** The first value of each generated secret, by logical path. */
  readonly generatedValues: ReadonlyMap<string, GeneratedSecretVersion>;
  /** Parameters by logical path. */
  readonly parameters: ReadonlyMap<string, SsmParameter>;
  /** Execution roles by function name. */
  readonly executionRoles: ReadonlyMap<string, ExecutionRole>;
  /** Roles of external syncs by sync name. */
  readonly syncRoles: ReadonlyMap<string, SyncRole>;
  /** Rotation: the built-in function (when used) and a schedule per rotated secret. */
  readonly rotation: EnvironmentRotation;

  constructor(scope: Construct, id: string, props: AwsEnvironmentProps) {
    super(scope, id);
    const { env } = props;
    this.providers = new RegionalProviders(this, 'providers', {
      regions: env.regions,
      account: env.account,
      assumeRoleArn: env.assumeRoleArn,
      tags: env.tags,
      localEndpoint: props.localEndpoint,
    });

    const providers = this.providers;
    const key = (this.key = new EnvironmentKey(this, 'key', { env, providers }));
    this.secrets = new Map(
      env.secrets.map((secret) => [secret.path, new ReplicatedSecret(this, `secret-${secret.id}`, { env, secret, key, providers })]),
    );
    this.generatedValues = new Map(
      [...this.secrets.values()]
        .filter((s) => s.model.generate !== undefined)
        .map((s) => [
          s.model.path,
          new GeneratedSecretVersion(this, `value-${s.model.id}`, {
            secret: s,
            generate: s.model.generate!,
            provider: providers.forRegion(env.primaryRegion),
          }),
        ]),
    );
    this.parameters = new Map(
      env.parameters.map((parameter) => [parameter.path, new SsmParameter(this, `parameter-${parameter.id}`, { env, parameter, key, providers })]),
    );
    new RegionalOutputs(this, 'outputs', { env, key, secrets: this.secrets, parameters: this.parameters });

    // Access: one execution role per function and one role per external sync, each granted
    // through the secrets' and parameters' own grants (which add the KMS half).
    const iamProvider = providers.forRegion(env.primaryRegion);
    const declared = { env, provider: iamProvider, secrets: this.secrets, parameters: this.parameters };
    this.executionRoles = new Map(
      env.functions.map((fn) => [fn.name, new ExecutionRole(this, `function-${fn.id}`, { ...declared, project: props.platform.project, fn })]),
    );
    this.syncRoles = new Map(env.syncs.map((sync) => [sync.name, new SyncRole(this, `sync-${sync.id}`, { ...declared, sync })]));

    // Rotation, in the primary region only: replicas follow the primary's new versions.
    this.rotation = new EnvironmentRotation(this, 'rotation', {
      env,
      provider: iamProvider,
      secrets: this.secrets,
      keyArn: key.keyArn(env.primaryRegion),
      initialValues: this.generatedValues,
    });
  }
}
