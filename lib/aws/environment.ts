/**
 * Everything one environment provisions on AWS, composed from the constructs of this folder.
 * Reads only the model; builds no names of its own.
 */
import { Construct } from 'constructs';
import type { EnvironmentModel, PlatformModel } from '../core/model';
import { RegionalProviders } from './providers';

export interface AwsEnvironmentProps {
  readonly platform: PlatformModel;
  readonly env: EnvironmentModel;
  /** @default real AWS endpoints */
  readonly localEndpoint?: string;
}

export class AwsEnvironment extends Construct {
  readonly providers: RegionalProviders;

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
  }
}
