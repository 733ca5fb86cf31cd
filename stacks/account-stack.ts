import { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { DeployOptions, SecretsBackend } from '../lib/core/backend';
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
export class AccountStack extends TerraformStack {
  constructor(scope: Construct, props: AccountStackProps) {
    super(scope, props.account.stackName);
    configureState(this, props.platform, props.account.stackName, `audit-${props.account.account}`);
    props.backend.account(this, props.platform, props.account, props.options);
  }
}
