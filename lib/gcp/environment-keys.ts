/**
 * The environment's customer-managed keys: one Cloud KMS key ring per location of the
 * environment (primary and replicas), each with one symmetric `secrets` key that rotates at
 * least every 90 days. Secrets, secure parameters, parameters and the rotation topic of a
 * location are encrypted with that location's key. Cloud KMS never deletes a key ring or a
 * key: destroying one only schedules its versions' destruction after
 * `destroy_scheduled_duration`, and a protected environment refuses even that
 * (`prevent_destroy`).
 */
import { Construct } from 'constructs';
import { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import { KmsKeyRingIamMember } from '@cdktf/provider-google/lib/kms-key-ring-iam-member';
import type { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GcpGrant, GcpGrantee, ROLES } from './iam';
import { SECRETS_KEY_NAME, address } from './names';

/** Cloud KMS's own bounds, and the kit's ceiling on the rotation period. */
export const KEY_LIMITS = {
  maxRotationDays: 90,
  minRotationDays: 1,
  /** `destroy_scheduled_duration`: GCP accepts 1 to 120 days. */
  minDestroyDays: 1,
  maxDestroyDays: 120,
} as const;

export interface EnvironmentKeysProps {
  readonly provider: GoogleProvider;
  readonly project: string;
  /** Locations, primary first: one key ring and key in each. */
  readonly locations: readonly string[];
  /** Key ring name, the same in every location: `{project}-{env}`. */
  readonly keyRingName: string;
  /** @default 90 */
  readonly rotationDays?: number;
  /** How long destroyed key versions wait before they are gone. @default 30 when protected, else 7 */
  readonly destroyScheduledDays?: number;
  /** `prevent_destroy` on every key ring and key. */
  readonly protect: boolean;
  /** IAM members that administer (not use) the keys: `roles/cloudkms.admin` on each key ring. @default none */
  readonly admins?: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

export class EnvironmentKeys extends Construct {
  readonly locations: readonly string[];
  private readonly keys = new Map<string, KmsCryptoKey>();
  private readonly rings = new Map<string, KmsKeyRing>();
  private readonly grants = new Map<string, KmsCryptoKeyIamMember>();
  private readonly provider: GoogleProvider;
  private readonly keyRingName: string;

  constructor(scope: Construct, id: string, props: EnvironmentKeysProps) {
    super(scope, id);
    const rotationDays = props.rotationDays ?? KEY_LIMITS.maxRotationDays;
    if (rotationDays < KEY_LIMITS.minRotationDays || rotationDays > KEY_LIMITS.maxRotationDays || !Number.isInteger(rotationDays)) {
      throw new Error(`EnvironmentKeys: \`rotationDays\` must be a whole number of days from ${KEY_LIMITS.minRotationDays} to ${KEY_LIMITS.maxRotationDays}; got ${rotationDays}`);
    }
    const destroyDays = props.destroyScheduledDays ?? (props.protect ? 30 : 7);
    this.provider = props.provider;
    this.keyRingName = props.keyRingName;
    this.locations = [...props.locations];
    for (const location of props.locations) {
      const ring = new KmsKeyRing(this, `ring-${location}`, {
        provider: props.provider,
        project: props.project,
        name: props.keyRingName,
        location,
        lifecycle: { preventDestroy: props.protect },
      });
      ring.overrideLogicalId(address('key_ring', props.keyRingName, location));
      const key = new KmsCryptoKey(this, `key-${location}`, {
        provider: props.provider,
        keyRing: ring.id,
        name: SECRETS_KEY_NAME,
        purpose: 'ENCRYPT_DECRYPT',
        rotationPeriod: `${rotationDays * 86400}s`,
        destroyScheduledDuration: `${destroyDays * 86400}s`,
        labels: { ...props.labels },
        lifecycle: { preventDestroy: props.protect },
      });
      key.overrideLogicalId(address('key', props.keyRingName, location));
      this.rings.set(location, ring);
      this.keys.set(location, key);
      for (const admin of props.admins ?? []) {
        new KmsKeyRingIamMember(this, `admin-${location}-${admin}`, {
          provider: props.provider,
          keyRingId: ring.id,
          role: ROLES.keyAdmin,
          member: admin,
        }).overrideLogicalId(address('key_admin', props.keyRingName, location, admin));
      }
    }
  }

  /** The key of a location, for `kms_key_name` and `kms_key` arguments. Throws for a location without one. */
  keyId(location: string): string {
    return this.key(location).id;
  }

  /** The key ring of a location. */
  keyRing(location: string): KmsKeyRing {
    const ring = this.rings.get(location);
    if (!ring) throw new Error(`no key ring in ${location}; the environment has keys in: ${this.locations.join(', ')}`);
    return ring;
  }

  key(location: string): KmsCryptoKey {
    const key = this.keys.get(location);
    if (!key) throw new Error(`no key in ${location}; the environment has keys in: ${this.locations.join(', ')}`);
    return key;
  }

  /**
   * Lets a service agent (Secret Manager's, Pub/Sub's, Parameter Manager's) encrypt and decrypt
   * with the key of each of `locations`. Returns the grants, and the IAM members to depend on:
   * a resource encrypted with the key must wait for them.
   */
  grantEncryptDecrypt(grantee: GcpGrantee, locations: readonly string[], agent: string): { grants: GcpGrant[]; members: KmsCryptoKeyIamMember[] } {
    const grants: GcpGrant[] = [];
    const members: KmsCryptoKeyIamMember[] = [];
    for (const location of locations) {
      const keyAddress = address('key_user', agent, this.keyRingName, location);
      let member = this.grants.get(keyAddress);
      if (!member) {
        member = new KmsCryptoKeyIamMember(this, `user-${agent}-${location}`, {
          provider: this.provider,
          cryptoKeyId: this.keyId(location),
          role: ROLES.keyEncrypterDecrypter,
          member: grantee.member,
        });
        member.overrideLogicalId(keyAddress);
        this.grants.set(keyAddress, member);
      }
      members.push(member);
      grants.push({ role: ROLES.keyEncrypterDecrypter, member: grantee.member, on: `key ${location}` });
    }
    return { grants, members };
  }
}
