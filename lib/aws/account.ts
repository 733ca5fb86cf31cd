/**
 * What one AWS account shares across its environments: the audit trail, its storage and alarms.
 */
import { Construct } from 'constructs';
import type { AccountModel, PlatformModel } from '../core/model';
import { RegionalProviders } from './providers';

export interface AwsAccountProps {
  readonly platform: PlatformModel;
  readonly account: AccountModel;
  /** @default real AWS endpoints */
  readonly localEndpoint?: string;
}

export class AwsAccount extends Construct {
  readonly providers: RegionalProviders;

  constructor(scope: Construct, id: string, props: AwsAccountProps) {
    super(scope, id);
    const { account, platform } = props;
    this.providers = new RegionalProviders(this, 'providers', {
      regions: [account.homeRegion],
      account: account.account,
      assumeRoleArn: account.assumeRoleArn,
      tags: platform.tags,
      localEndpoint: props.localEndpoint,
    });
  }
}
