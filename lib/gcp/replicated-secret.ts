/**
 * One Secret Manager secret with user-managed replication: a replica in every location given,
 * each under the customer-managed key of its own location. The secret records its logical name
 * (`{project}/{env}/{path}`) in the `logical-name` annotation, since GCP ids cannot hold `/`.
 * The value is not part of this construct: a generated value is written once by
 * `GeneratedSecretVersion`, an external one out of band, later ones by rotation.
 *
 * Access is granted on the secret itself (`google_secret_manager_secret_iam_member`), never on
 * the project. Readers need no key permission: Secret Manager's service agent decrypts.
 */
import { Construct } from 'constructs';
import { Fn, ITerraformDependable } from 'cdktf';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { optionalLiteral, literal } from '../cdktf/literal';
import type { EnvironmentKeys } from './environment-keys';
import { GcpGrant, GcpGrantee, ROLES } from './iam';
import { address } from './names';

/** Annotation keys the kit sets on every secret. */
export const SECRET_ANNOTATIONS = {
  logicalName: 'logical-name',
  description: 'description',
  /** `secret` or `parameter` (a secure parameter kept as a secret). */
  kind: 'kind',
  /** The generator's options, read by the built-in rotator. */
  generate: 'generate',
} as const;

export interface SecretRotationProps {
  /** Hours between rotations (Secret Manager accepts 1 hour to 100 years). */
  readonly periodHours: number;
  /** The Pub/Sub topic (its id, `projects/p/topics/t`) Secret Manager notifies with `SECRET_ROTATE`. */
  readonly topic: string;
}

export interface ReplicatedSecretProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** The Secret Manager id, from the names module. */
  readonly secretId: string;
  /** `{project}/{env}/{path}` (or `/{project}/{env}/{path}` for a parameter). */
  readonly logicalName: string;
  /** Logical path from the spec, for grants and messages. */
  readonly path: string;
  /** @default 'secret' */
  readonly kind?: 'secret' | 'parameter';
  /** @default no description annotation */
  readonly description?: string;
  /** Locations of the replicas, primary first; each is encrypted with `keys`' key there. */
  readonly locations: readonly string[];
  readonly keys: EnvironmentKeys;
  /** `prevent_destroy` and GCP's own `deletion_protection`. */
  readonly protect: boolean;
  /** Destroyed versions stay disabled this long before they are gone. @default 30 when protected, else 7 */
  readonly versionDestroyTtlDays?: number;
  readonly labels: Readonly<Record<string, string>>;
  /** @default no rotation */
  readonly rotation?: SecretRotationProps;
  /** Extra annotations (e.g. the generator options the rotator reads). @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /** What must exist first: the service agent's key grants (and its publisher grant on the topic). */
  readonly dependsOn?: ITerraformDependable[];
}

export class ReplicatedSecret extends Construct {
  readonly resource: SecretManagerSecret;
  readonly path: string;
  readonly locations: readonly string[];
  readonly secretId: string;
  /** Every grant made on this secret, in order. */
  readonly grants: GcpGrant[] = [];
  private readonly provider: GoogleProvider;
  private readonly addressPart: string;
  private readonly kind: 'secret' | 'parameter';

  constructor(scope: Construct, id: string, props: ReplicatedSecretProps) {
    super(scope, id);
    if (props.locations.length === 0) throw new Error(`ReplicatedSecret ${props.secretId}: \`locations\` is empty; give at least the primary location`);
    this.provider = props.provider;
    this.path = props.path;
    this.locations = [...props.locations];
    this.secretId = props.secretId;
    this.kind = props.kind ?? 'secret';
    this.addressPart = props.secretId;
    const ttlDays = props.versionDestroyTtlDays ?? (props.protect ? 30 : 7);
    const rotation = props.rotation;
    this.resource = new SecretManagerSecret(this, 'secret', {
      provider: props.provider,
      project: props.project,
      secretId: props.secretId,
      annotations: {
        [SECRET_ANNOTATIONS.logicalName]: literal(props.logicalName),
        [SECRET_ANNOTATIONS.kind]: this.kind,
        ...(props.description ? { [SECRET_ANNOTATIONS.description]: optionalLiteral(props.description)! } : {}),
        ...Object.fromEntries(Object.entries(props.annotations ?? {}).map(([k, v]) => [k, literal(v)])),
      },
      labels: { ...props.labels },
      replication: {
        userManaged: {
          replicas: props.locations.map((location) => ({
            location,
            customerManagedEncryption: { kmsKeyName: props.keys.keyId(location) },
          })),
        },
      },
      versionDestroyTtl: `${ttlDays * 86400}s`,
      deletionProtection: props.protect,
      rotation: rotation
        ? {
            rotationPeriod: `${rotation.periodHours * 3600}s`,
            // Set once, at creation; Secret Manager moves it forward after each rotation.
            nextRotationTime: Fn.timeadd(Fn.plantimestamp(), `${rotation.periodHours}h`),
          }
        : undefined,
      topics: rotation ? [{ name: rotation.topic }] : undefined,
      dependsOn: props.dependsOn,
      lifecycle: {
        preventDestroy: props.protect,
        ignoreChanges: rotation ? ['rotation[0].next_rotation_time'] : undefined,
      },
    });
    this.resource.overrideLogicalId(address(this.kind, props.secretId));
  }

  /** `projects/{project}/secrets/{id}`. */
  get id(): string {
    return this.resource.id;
  }

  /** Lets `grantee` read the value (`secretAccessor` on this secret only). */
  grantAccess(grantee: GcpGrantee): GcpGrant {
    return this.grant(grantee, ROLES.secretAccessor, 'reader');
  }

  /** Lets `grantee` add new versions, and nothing else (an external sync). */
  grantAddVersion(grantee: GcpGrantee): GcpGrant {
    return this.grant(grantee, ROLES.secretVersionAdder, 'writer');
  }

  /** Lets `grantee` add, disable and destroy versions (the rotator retires old values). */
  grantManageVersions(grantee: GcpGrantee): GcpGrant {
    return this.grant(grantee, ROLES.secretVersionManager, 'version_manager');
  }

  private grant(grantee: GcpGrantee, role: string, purpose: string): GcpGrant {
    const member = new SecretManagerSecretIamMember(this, `${purpose}-${grantee.granteeName}`, {
      provider: this.provider,
      project: this.resource.project,
      secretId: this.resource.secretId,
      role,
      member: grantee.member,
    });
    member.overrideLogicalId(address(`${this.kind}_${purpose}`, this.addressPart, grantee.granteeName));
    const grant: GcpGrant = { role, member: grantee.member, on: `${this.kind} ${this.path}` };
    this.grants.push(grant);
    return grant;
  }
}
