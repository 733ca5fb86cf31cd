import { IndependentStack } from '../lib/cdktf/stack';
import type { Construct } from 'constructs';
import type { DeployOptions, EnvironmentHandles, SecretsBackend } from '../lib/core/backend';
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
export class EnvironmentStack extends IndependentStack {
  /** What the backend built, for the report and the guardrails. */
  readonly handles: EnvironmentHandles;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, props.env.stackName);
    configureState(this, props.platform, props.backend, props.env.stackName, props.env.name);
    this.handles = props.backend.environment(this, props.platform, props.env, props.options);
  }
}
