/**
 * A service account the kit creates: one per function (its workload identity), one per external
 * sync, one for the built-in rotator. The id fits GCP's 6 to 30 characters (see the names
 * module); the full readable name is the display name. It holds no role of its own: each grant
 * is made on the granted secret or parameter.
 */
import { Construct } from 'constructs';
import { ServiceAccount as GoogleServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { GcpGrantee } from './iam';
import { GCP_NAME_LIMITS, address, serviceAccountId } from './names';

export interface ServiceAccountProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** The readable name, e.g. `acme-payments-dev-payments-api`; the id is derived from it. */
  readonly name: string;
  /** @default none */
  readonly description?: string;
}

export class ServiceAccount extends Construct implements GcpGrantee {
  readonly resource: GoogleServiceAccount;
  /** The readable name (display name). */
  readonly granteeName: string;
  /** The 6-30 character id. */
  readonly accountId: string;

  constructor(scope: Construct, id: string, props: ServiceAccountProps) {
    super(scope, id);
    this.granteeName = props.name;
    this.accountId = serviceAccountId(props.name);
    this.resource = new GoogleServiceAccount(this, 'account', {
      provider: props.provider,
      project: props.project,
      accountId: this.accountId,
      displayName: props.name.slice(0, GCP_NAME_LIMITS.displayName.max),
      description: props.description,
    });
    this.resource.overrideLogicalId(address('service_account', props.name));
  }

  /** `serviceAccount:{email}` */
  get member(): string {
    return this.resource.member;
  }

  get email(): string {
    return this.resource.email;
  }
}
