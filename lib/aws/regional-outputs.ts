/**
 * One Terraform output per region of an environment: what a function's configuration needs
 * there (the key, every secret's ARN in that region, the parameter prefix). ARNs only: no output
 * ever holds a value.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { EnvironmentModel } from './model';
import type { EnvironmentKey } from './environment-key';
import type { ReplicatedSecret } from './replicated-secret';
import type { SsmParameter } from './ssm-parameter';

/** What the outputs need of their environment: only what it reads, so it can be built and tested alone. */
export type OutputsEnvironment = Pick<EnvironmentModel, 'keyAlias' | 'parameterPrefix' | 'regions' | 'stackName'>;

export interface RegionalOutputsProps {
  readonly env: OutputsEnvironment;
  readonly key: EnvironmentKey;
  readonly secrets: ReadonlyMap<string, ReplicatedSecret>;
  readonly parameters: ReadonlyMap<string, SsmParameter>;
}

/** `region_eu_west_1`: the output of a region. */
export const regionOutputName = (region: string) => `region_${region.replace(/-/g, '_')}`;

export class RegionalOutputs extends Construct {
  constructor(scope: Construct, id: string, props: RegionalOutputsProps) {
    super(scope, id);
    const { env, key, secrets, parameters } = props;
    for (const region of env.regions) {
      const inRegion = [...secrets.values()].filter((s) => s.regions.includes(region));
      const hasParameters = [...parameters.values()].some((p) => p.model.regions.includes(region));
      new TerraformOutput(this, region, {
        description: `What functions of ${env.stackName} need in ${region}`,
        value: {
          key_arn: key.keyArn(region),
          key_alias: env.keyAlias,
          secret_arns: Object.fromEntries(inRegion.map((s) => [s.model.path, s.arn(region)])),
          ...(hasParameters ? { parameter_prefix: env.parameterPrefix } : {}),
        },
      }).overrideLogicalId(regionOutputName(region));
    }
  }
}
