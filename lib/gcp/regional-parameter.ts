/**
 * One plain parameter in Parameter Manager: a regional parameter in each location given (every
 * location where a function of the environment runs, plus the primary), encrypted with that
 * location's key, holding one version whose data is the spec's value. The version id is derived
 * from the value, so a changed value is a new version (created before the old one goes), and an
 * unchanged spec never touches it.
 *
 * Reading is granted per parameter and location. The google provider (6.50.0) has no IAM
 * resource for parameters, so the grant is a project IAM member whose condition names exactly
 * this parameter (and its versions) in exactly that location.
 */
import { createHash } from 'crypto';
import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ParameterManagerRegionalParameter } from '@cdktf/provider-google/lib/parameter-manager-regional-parameter';
import { ParameterManagerRegionalParameterVersion } from '@cdktf/provider-google/lib/parameter-manager-regional-parameter-version';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { literal } from '../cdktf/literal';
import type { EnvironmentKeys } from './environment-keys';
import { GcpGrant, GcpGrantee, ROLES } from './iam';
import { address } from './names';

/** Parameter Manager's limit on a version's data. */
export const PARAMETER_DATA_MAX_BYTES = 1024 * 1024;

/** `v-` and 12 hex digits of the value's SHA-256: the same value, the same version id. */
export const parameterVersionId = (value: string) => `v-${createHash('sha256').update(value).digest('hex').slice(0, 12)}`;

/**
 * The condition that limits a project-level grant to one parameter and its versions in one
 * location. It matches on the end of the resource name, so it holds whether the name carries
 * the project id or number.
 */
export function parameterCondition(location: string, parameterId: string): string {
  const name = `/locations/${location}/parameters/${parameterId}`;
  return `resource.name.endsWith("${name}") || resource.name.extract("${name}/versions/{version}") != ""`;
}

export interface RegionalParameterProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  readonly parameterId: string;
  readonly path: string;
  /** The value from the spec (a literal: `${` is escaped). */
  readonly value: string;
  /** Locations, primary first. */
  readonly locations: readonly string[];
  readonly keys: EnvironmentKeys;
  readonly protect: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** What must exist first: Parameter Manager's agent's key grants. */
  readonly dependsOn?: ITerraformDependable[];
}

export class RegionalParameter extends Construct {
  readonly path: string;
  readonly parameterId: string;
  readonly locations: readonly string[];
  readonly grants: GcpGrant[] = [];
  private readonly parameters = new Map<string, ParameterManagerRegionalParameter>();
  private readonly provider: GoogleProvider;
  private readonly project: string;

  constructor(scope: Construct, id: string, props: RegionalParameterProps) {
    super(scope, id);
    this.path = props.path;
    this.parameterId = props.parameterId;
    this.locations = [...props.locations];
    this.provider = props.provider;
    this.project = props.project;
    for (const location of props.locations) {
      const parameter = new ParameterManagerRegionalParameter(this, `parameter-${location}`, {
        provider: props.provider,
        project: props.project,
        parameterId: props.parameterId,
        location,
        format: 'UNFORMATTED',
        kmsKey: props.keys.keyId(location),
        labels: { ...props.labels },
        dependsOn: props.dependsOn,
        lifecycle: { preventDestroy: props.protect },
      });
      parameter.overrideLogicalId(address('parameter', props.parameterId, location));
      new ParameterManagerRegionalParameterVersion(this, `version-${location}`, {
        provider: props.provider,
        parameter: parameter.id,
        parameterVersionId: parameterVersionId(props.value),
        parameterData: literal(props.value),
        lifecycle: { createBeforeDestroy: true },
      }).overrideLogicalId(address('parameter_value', props.parameterId, location));
      this.parameters.set(location, parameter);
    }
  }

  /** The parameter in `location`. */
  parameter(location: string): ParameterManagerRegionalParameter {
    const found = this.parameters.get(location);
    if (!found) throw new Error(`parameter ${this.path} is not in ${location}; it is in: ${this.locations.join(', ')}`);
    return found;
  }

  /** Lets `grantee` render this parameter's versions in `location`, and nothing else. */
  grantRead(grantee: GcpGrantee, location: string): GcpGrant {
    this.parameter(location);
    const condition = parameterCondition(location, this.parameterId);
    new ProjectIamMember(this, `reader-${location}-${grantee.granteeName}`, {
      provider: this.provider,
      project: this.project,
      role: ROLES.parameterAccessor,
      member: grantee.member,
      condition: { title: `${this.parameterId} in ${location}`.slice(0, 100), expression: condition },
    }).overrideLogicalId(address('parameter_reader', this.parameterId, location, grantee.granteeName));
    const grant: GcpGrant = { role: ROLES.parameterAccessor, member: grantee.member, on: `parameter ${this.path} ${location}`, condition };
    this.grants.push(grant);
    return grant;
  }
}
