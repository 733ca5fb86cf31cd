/**
 * The identity an outside system uses to write values in (an external sync such as Doppler's
 * GCP Secret Manager integration): a service account that the given principal may impersonate
 * (`roles/iam.serviceAccountTokenCreator` on that account only), allowed to add versions to its
 * secrets and nothing else; with `read`, also to read them back. On GCP a sync writes only
 * secrets (a secure parameter is a secret here).
 */
import { Construct } from 'constructs';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GcpGrant, ROLES } from './iam';
import { address } from './names';
import type { ReplicatedSecret } from './replicated-secret';
import { ServiceAccount } from './service-account';

export interface SyncIdentityProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** `{project}-{env}-sync-{name}` */
  readonly name: string;
  /** The IAM member allowed to impersonate it, e.g. `serviceAccount:doppler@their-project.iam.gserviceaccount.com`. */
  readonly principal: string;
  /** Secrets it writes (secure parameters included). */
  readonly secrets: readonly ReplicatedSecret[];
  /** Also read back what it writes. @default false */
  readonly read?: boolean;
}

export class SyncIdentity extends Construct {
  readonly account: ServiceAccount;
  readonly grants: readonly GcpGrant[];

  constructor(scope: Construct, id: string, props: SyncIdentityProps) {
    super(scope, id);
    this.account = new ServiceAccount(this, 'identity', {
      provider: props.provider,
      project: props.project,
      name: props.name,
      description: 'External sync: may only add versions to the secrets it is given.',
    });
    new ServiceAccountIamMember(this, 'impersonation', {
      provider: props.provider,
      serviceAccountId: this.account.resource.name,
      role: ROLES.tokenCreator,
      member: props.principal,
    }).overrideLogicalId(address('sync_impersonation', props.name));
    const grants: GcpGrant[] = [{ role: ROLES.tokenCreator, member: props.principal, on: `service account ${props.name}` }];
    for (const secret of props.secrets) {
      grants.push(secret.grantAddVersion(this.account));
      if (props.read) grants.push(secret.grantAccess(this.account));
    }
    this.grants = grants;
  }
}
