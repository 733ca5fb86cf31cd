/**
 * One AWS provider per region of an environment, each pinned to the environment's account
 * (`allowed_account_ids`), assuming its deploy role when given, tagging by default, and
 * pointing at a local emulator in local mode.
 */
import { Construct } from 'constructs';
import { AwsProvider, AwsProviderEndpoints } from '@cdktf/provider-aws/lib/provider';

/** Services the kit calls; in local mode each is sent to the emulator. */
const LOCAL_MODE_SERVICES = [
  'cloudtrail', 'cloudwatch', 'cloudwatchlogs', 'events', 'iam', 'kms', 'lambda', 's3',
  'secretsmanager', 'sns', 'ssm', 'sts',
] as const satisfies ReadonlyArray<keyof AwsProviderEndpoints>;

export interface RegionalProvidersProps {
  /** Regions to configure; the first is the default provider's region. */
  readonly regions: readonly string[];
  /** The only account these providers may touch. */
  readonly account: string;
  /** @default the caller's credentials, no role assumed */
  readonly assumeRoleArn?: string;
  /** Tags on every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Local mode: every AWS call goes to this endpoint (e.g. a moto server), S3 path-style.
   * @default the real AWS endpoints
   */
  readonly localEndpoint?: string;
}

export class RegionalProviders extends Construct {
  private readonly byRegion = new Map<string, AwsProvider>();

  constructor(scope: Construct, id: string, props: RegionalProvidersProps) {
    super(scope, id);
    const endpoints = props.localEndpoint
      ? [Object.fromEntries(LOCAL_MODE_SERVICES.map((s) => [s, props.localEndpoint])) as AwsProviderEndpoints]
      : undefined;
    for (const region of props.regions) {
      this.byRegion.set(
        region,
        new AwsProvider(this, region, {
          region,
          alias: region,
          allowedAccountIds: [props.account],
          assumeRole: props.assumeRoleArn ? [{ roleArn: props.assumeRoleArn, sessionName: 'secrets-platform-kit' }] : undefined,
          defaultTags: [{ tags: { ...props.tags } }],
          endpoints,
          s3UsePathStyle: props.localEndpoint ? true : undefined,
          skipMetadataApiCheck: props.localEndpoint ? 'true' : undefined,
        }),
      );
    }
  }

  /** The provider of a region; throws for a region the environment does not run in. */
  forRegion(region: string): AwsProvider {
    const provider = this.byRegion.get(region);
    if (!provider) throw new Error(`no provider for region ${region}; configured: ${[...this.byRegion.keys()].join(', ')}`);
    return provider;
  }

  get regions(): string[] {
    return [...this.byRegion.keys()];
  }
}
