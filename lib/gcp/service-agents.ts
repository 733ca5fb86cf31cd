/**
 * The Google-managed service agents that encrypt with the environment's keys: Secret Manager's
 * (secrets and secure parameters), Parameter Manager's (parameters) and Pub/Sub's (the rotation
 * topic). An agent exists only once something asks for it, so it is created here with
 * `google_project_service_identity` before any key grant names it. That resource is in the
 * `google-beta` provider only (hashicorp/google 6.50.0 lacks it); creating it again is a no-op.
 */
import { Construct } from 'constructs';
import { GoogleProjectServiceIdentity } from '@cdktf/provider-google-beta/lib/google-project-service-identity';
import type { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import type { GcpGrantee } from './iam';
import { address } from './names';

/** The services whose agents the kit grants key use to, by the short name used in addresses. */
export const AGENT_SERVICES = {
  secretmanager: 'secretmanager.googleapis.com',
  parametermanager: 'parametermanager.googleapis.com',
  pubsub: 'pubsub.googleapis.com',
} as const;
export type AgentName = keyof typeof AGENT_SERVICES;

export interface ServiceAgentProps {
  readonly provider: GoogleBetaProvider;
  readonly project: string;
  readonly service: AgentName;
}

/** One service agent, as a grantee. */
export class ServiceAgent extends Construct implements GcpGrantee {
  readonly resource: GoogleProjectServiceIdentity;
  readonly service: AgentName;

  constructor(scope: Construct, id: string, props: ServiceAgentProps) {
    super(scope, id);
    this.service = props.service;
    this.resource = new GoogleProjectServiceIdentity(this, 'identity', {
      provider: props.provider,
      project: props.project,
      service: AGENT_SERVICES[props.service],
    });
    this.resource.overrideLogicalId(address('service_agent', props.service));
  }

  get member(): string {
    return `serviceAccount:${this.resource.email}`;
  }

  get granteeName(): string {
    return `${AGENT_SERVICES[this.service]} service agent`;
  }
}
