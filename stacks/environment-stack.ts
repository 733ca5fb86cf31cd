import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { DeployOptions, SecretsBackend } from '../lib/core/backend';
import type { EnvironmentModel, PlatformModel } from '../lib/core/model';
import { configureState } from './state';

export interface EnvironmentStackProps {
  readonly platform: PlatformModel;
  readonly env: EnvironmentModel;
  /** The cloud that provisions it, chosen by the spec's `cloud:`. */
  readonly backend: SecretsBackend;
  readonly options: DeployOptions;
}

/** `{project}-{env}`: one environment, deployed and reviewed on its own. */
export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, props.env.stackName);
    configureState(this, props.platform, props.env.stackName, props.env.name);
    props.backend.environment(this, props.platform, props.env, props.options);
  }
}
