import { IndependentStack } from '../lib/cdktf/stack';
import type { Construct } from 'constructs';
import type { AccountHandles, DeployOptions, SecretsBackend } from '../lib/core/backend';
import type { AccountModel, PlatformModel } from '../lib/core/model';
import { configureState } from './state';

export interface AccountStackProps {
  readonly platform: PlatformModel;
  readonly account: AccountModel;
  readonly backend: SecretsBackend;
  readonly options: DeployOptions;
}

/**
 * `{project}-audit-{account}`: what the environments of one account share (the audit trail),
 * so two environments in one account never pay for two trails.
 */
export class AccountStack extends IndependentStack {
  /** What the backend built, for the report and the guardrails. */
  readonly handles: AccountHandles;

  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.stackName);
    configureState(this, props.platform, props.backend, props.account.stackName, `audit-${props.account.account}`);
    this.handles = props.backend.account(this, props.platform, props.account, props.options);
  }
}
