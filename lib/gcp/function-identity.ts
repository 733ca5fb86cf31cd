/**
 * A function's workload identity: one service account (`{project}-{env}-{function}`, shortened
 * to a stable id when it exceeds 30 characters), granted exactly what the function declares:
 * `secretAccessor` on each declared secret (and on the secret of each declared secure
 * parameter), and the Parameter Manager reader role on each declared plain parameter in each
 * location the function runs in. Every grant is made on the resource itself, or for
 * parameters on the project under a condition naming one parameter; never a project-wide
 * Secret Manager role.
 */
import { Construct } from 'constructs';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { GcpGrant } from './iam';
import type { RegionalParameter } from './regional-parameter';
import type { ReplicatedSecret } from './replicated-secret';
import { ServiceAccount } from './service-account';

export interface FunctionIdentityProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** `{project}-{env}-{function}` */
  readonly name: string;
  /** Locations the function runs in: it reads plain parameters there. */
  readonly locations: readonly string[];
  /** The secrets it reads (secure parameters included). */
  readonly secrets: readonly ReplicatedSecret[];
  /** The plain parameters it reads. */
  readonly parameters: readonly RegionalParameter[];
}

export class FunctionIdentity extends Construct {
  readonly account: ServiceAccount;
  /** Every grant, in the order made. */
  readonly grants: readonly GcpGrant[];

  constructor(scope: Construct, id: string, props: FunctionIdentityProps) {
    super(scope, id);
    this.account = new ServiceAccount(this, 'identity', {
      provider: props.provider,
      project: props.project,
      name: props.name,
      description: 'Workload identity of a function: reads exactly the secrets and parameters it declares.',
    });
    const grants: GcpGrant[] = props.secrets.map((secret) => secret.grantAccess(this.account));
    for (const parameter of props.parameters) {
      const here = props.locations.filter((l) => parameter.locations.includes(l));
      if (here.length === 0) {
        throw new Error(`function ${props.name} reads parameter ${parameter.path}, which exists in none of its locations (${props.locations.join(', ')})`);
      }
      for (const location of here) grants.push(parameter.grantRead(this.account, location));
    }
    this.grants = grants;
  }
}
