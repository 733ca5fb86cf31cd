/**
 * The one shape of every grant the GCP backend makes: a resource-level IAM member (never an
 * authoritative binding, never a project-level Secret Manager role for a workload). Grants are
 * methods on the granted construct (`secret.grantAccess(identity)`), which returns what it added
 * so a caller or a test can inspect it.
 */

/** Predefined roles the kit grants, in one place. */
export const ROLES = {
  secretAccessor: 'roles/secretmanager.secretAccessor',
  secretVersionAdder: 'roles/secretmanager.secretVersionAdder',
  /** Add, enable, disable and destroy versions: what the built-in rotator needs to retire old values. */
  secretVersionManager: 'roles/secretmanager.secretVersionManager',
  /**
   * Render (read) parameter versions. The google provider has no resource-level IAM for Parameter
   * Manager, so this is granted on the project under a condition naming one parameter.
   */
  parameterAccessor: 'roles/parametermanager.parameterAccessor',
  keyEncrypterDecrypter: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  keyAdmin: 'roles/cloudkms.admin',
  tokenCreator: 'roles/iam.serviceAccountTokenCreator',
  pubsubPublisher: 'roles/pubsub.publisher',
  pubsubSubscriber: 'roles/pubsub.subscriber',
  runInvoker: 'roles/run.invoker',
  eventReceiver: 'roles/eventarc.eventReceiver',
} as const;

/** Something that can be granted a role: a service account the kit made, a service agent, or a principal from the spec. */
export interface GcpGrantee {
  /** The IAM member: `serviceAccount:x@p.iam.gserviceaccount.com` (or a reference to it), `user:...`, `group:...`. */
  readonly member: string;
  /** Who this is, for messages and reports: `acme-payments-dev-payments-api`. */
  readonly granteeName: string;
}

/** A grant as added: which role, to whom, on what. */
export interface GcpGrant {
  readonly role: string;
  readonly member: string;
  /** What the role is granted on, for reports: `secret db/password`, `key europe-west1`. */
  readonly on: string;
  /** A CEL condition restricting the grant, when the resource has no IAM of its own. */
  readonly condition?: string;
}
