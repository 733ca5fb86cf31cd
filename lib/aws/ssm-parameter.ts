/**
 * One SSM parameter `/{project}/{env}/{path}`, created in every region where a function of the
 * environment runs (the primary included). A plain parameter holds its value from the spec;
 * a secure one is a SecureString under the region's environment key whose value is written
 * out of band and never enters Terraform state.
 */
import { Construct } from 'constructs';
import { SsmParameter as SsmParameterResource } from '@cdktf/provider-aws/lib/ssm-parameter';
import type { EnvironmentModel, ParameterModel } from './model';
import { addresses, stableAddress } from './addresses';
import { PARAMETER_READ_ACTIONS, PARAMETER_WRITE_ACTIONS } from './actions';
import { parameterArn } from './arns';
import type { EnvironmentKey } from './environment-key';
import { literal, optionalLiteral } from '../cdktf/literal';
import { Grantee, PolicyStatement, SharedStatements, sidFor } from './policy';
import type { RegionalProviders } from './providers';

/** What a parameter needs of its environment: only what it reads, so it can be built and tested alone. */
export type ParameterEnvironment = Pick<EnvironmentModel, 'account' | 'name' | 'protect'>;

/**
 * What a secure parameter holds until its owner writes the real value. SSM refuses an empty
 * value, so something must be written at creation; it says what to do, and is no secret.
 */
export const SECURE_PLACEHOLDER = 'unset: write the value out of band (see docs/secrets-and-parameters.md)';

/**
 * The placeholder goes through the write-only `value_wo`: Terraform sends it when the
 * parameter is created and again only if this version changes, which the kit never does.
 * With `value_wo` set, the provider keeps `value` out of state (null) and stores
 * `has_value_wo = true` instead, on every refresh.
 */
export const SECURE_PLACEHOLDER_VERSION = 1;

/**
 * Arguments whose change makes the provider (5.100.0) re-send the whole parameter with
 * `PutParameter`, taking the value from `value` (null here) instead of the write-only one: SSM
 * refuses the empty value and the apply fails (tried against the emulator). A writer that names
 * the key by alias also changes `key_id` as SSM reports it. So these are set when the parameter
 * is created and left alone afterwards; docs/secrets-and-parameters.md says how to change them.
 */
export const SECURE_IGNORED_CHANGES = ['description', 'key_id', 'tier'] as const;

export interface SsmParameterProps {
  readonly env: ParameterEnvironment;
  readonly parameter: ParameterModel;
  readonly key: EnvironmentKey;
  readonly providers: RegionalProviders;
}

export class SsmParameter extends Construct {
  /** Each grant's statement, built once and shared by every grantee. */
  private readonly shared = new SharedStatements();
  readonly model: ParameterModel;
  /** One resource per region in `model.regions`. */
  readonly byRegion: ReadonlyMap<string, SsmParameterResource>;
  private readonly env: ParameterEnvironment;
  private readonly key: EnvironmentKey;

  constructor(scope: Construct, id: string, props: SsmParameterProps) {
    super(scope, id);
    const { env, parameter, key, providers } = props;
    this.env = env;
    this.key = key;
    this.model = parameter;
    if (!parameter.secure && parameter.value === undefined) {
      throw new Error(`parameter ${parameter.path} has no value for environment ${env.name}: give \`value\`, \`values.${env.name}\`, or make it \`secure\``);
    }
    this.byRegion = new Map(
      parameter.regions.map((region) => [
        region,
        stableAddress(new SsmParameterResource(this, region, {
          provider: providers.forRegion(region),
          name: parameter.name,
          description: optionalLiteral(parameter.description),
          tier: parameter.tier,
          ...(parameter.secure ? this.secureArguments(region) : { type: 'String', insecureValue: literal(parameter.value!) }),
        }), addresses.parameter(parameter.id, region)),
      ]),
    );
  }

  get secure(): boolean {
    return this.model.secure;
  }

  /** The parameter's ARN in a region (known before it exists: SSM ARNs carry no suffix). */
  arn(region: string): string {
    this.requireRegion(region);
    return parameterArn(region, this.env.account, this.model.name);
  }

  /**
   * Lets `grantee` read the parameter in `region` by name; for a secure one also `kms:Decrypt`
   * of that region's key through SSM for this parameter only. Returns every statement added.
   */
  grantRead(grantee: Grantee, region: string): PolicyStatement[] {
    const arn = this.arn(region);
    const statement = this.shared.get(`read ${region}`, () => ({ sid: sidFor('Read', this.purpose, region), actions: [...PARAMETER_READ_ACTIONS], resources: [arn] }));
    grantee.addStatements(statement);
    if (!this.secure) return [statement];
    return [statement, ...this.key.grantDecrypt(grantee, region, { via: 'ssm', resourceArn: arn, purpose: this.purpose })];
  }

  /**
   * Lets `grantee` (an external sync) write the value of a secure parameter in `region`, and
   * encrypt it with that region's key through SSM for this parameter only. Plain parameters
   * take their value from the spec: an outside writer would be undone by the next apply.
   */
  grantWrite(grantee: Grantee, region: string): PolicyStatement[] {
    if (!this.secure) {
      throw new Error(`parameter ${this.model.path} is a plain String whose value comes from the spec; only secure parameters are written out of band`);
    }
    const arn = this.arn(region);
    const statement = this.shared.get(`write ${region}`, () => ({ sid: sidFor('Write', this.purpose, region), actions: [...PARAMETER_WRITE_ACTIONS], resources: [arn] }));
    grantee.addStatements(statement);
    return [statement, ...this.key.grantEncrypt(grantee, region, { via: 'ssm', resourceArn: arn, purpose: this.purpose })];
  }

  private secureArguments(region: string) {
    return {
      type: 'SecureString',
      keyId: this.key.keyArn(region),
      valueWo: SECURE_PLACEHOLDER,
      valueWoVersion: SECURE_PLACEHOLDER_VERSION,
      lifecycle: { preventDestroy: this.env.protect, ignoreChanges: [...SECURE_IGNORED_CHANGES] },
    };
  }

  private requireRegion(region: string): void {
    if (!this.model.regions.includes(region)) {
      throw new Error(`parameter ${this.model.path} is not in ${region}; it is in: ${this.model.regions.join(', ')}`);
    }
  }

  /** `ParameterDbHost`: the grant's part of statement ids. */
  private get purpose(): string {
    return sidFor('Parameter', this.model.path);
  }
}
