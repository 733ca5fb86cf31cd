/**
 * The environment's customer-managed key: one multi-region primary key, a replica in every
 * replica region, and the same alias in each region. The key policy keeps administration with
 * the account root (and the spec's key admins) and allows use only through Secrets Manager and
 * SSM in the environment's regions; grants add the identity half, narrowed to one secret or
 * parameter in one region.
 *
 * Every key of the environment carries the same policy. Narrowing each replica's policy to its
 * own region would add little (every grant already names its region's endpoint and key ARN),
 * and one policy is what a reviewer reads once and a replica created from the primary keeps.
 */
import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsReplicaKey } from '@cdktf/provider-aws/lib/kms-replica-key';
import type { EnvironmentModel } from './model';
import { addresses, stableAddress } from './addresses';
import { attributeReference } from './references';
import { KMS_ADMIN_ACTIONS, KMS_DECRYPT_ACTIONS, KMS_ENCRYPT_ACTIONS, KMS_SERVICE_USE_ACTIONS } from './actions';
import { accountRootArn, viaService } from './arns';
import { Grantee, PolicyDocument, PolicyStatement, SharedStatements, sidFor } from './policy';
import type { RegionalProviders } from './providers';

/** What the environment key needs of its environment: only what it reads, so it can be built and tested alone. */
export type KeyEnvironment = Pick<EnvironmentModel, 'account' | 'keyAdmins' | 'keyAlias' | 'keyDeletionWindowDays' | 'name' | 'primaryRegion' | 'protect' | 'regions' | 'replicaRegions' | 'stackName'>;

/** The services whose requests the key policy admits, and which grants go through. */
export type KeyService = 'secretsmanager' | 'ssm';

/** Statement ids of the key policy, for tests and reviewers. */
export const KEY_POLICY_SIDS = {
  rootAdministers: 'AccountRootAdministersKey',
  adminsAdminister: 'KeyAdminsAdministerKey',
  useThroughServices: 'AccountUsesKeyOnlyThroughSecretsManagerAndSsm',
} as const;

/**
 * The encryption context each service binds a ciphertext to, so a grant names one secret or
 * parameter: Secrets Manager sets `SecretARN`, SSM sets `PARAMETER_ARN`.
 */
export const ENCRYPTION_CONTEXT_KEY: Readonly<Record<KeyService, string>> = {
  secretsmanager: 'kms:EncryptionContext:SecretARN',
  ssm: 'kms:EncryptionContext:PARAMETER_ARN',
};

export interface EnvironmentKeyProps {
  readonly env: KeyEnvironment;
  readonly providers: RegionalProviders;
}

export interface KeyGrantOptions {
  /** The service the request must come through (`kms:ViaService`). */
  readonly via: KeyService;
  /** The ARN of the one secret or parameter the ciphertext belongs to (a token is fine). */
  readonly resourceArn: string;
  /** What the grant is for, in its statement id, e.g. `SecretDbPassword`. */
  readonly purpose: string;
}

export class EnvironmentKey extends Construct {
  /** Each grant's statement, built once and shared by every grantee. */
  private readonly shared = new SharedStatements();
  readonly primary: KmsKey;
  readonly replicas: ReadonlyMap<string, KmsReplicaKey>;
  readonly aliases: ReadonlyMap<string, KmsAlias>;
  private readonly env: KeyEnvironment;
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: EnvironmentKeyProps) {
    super(scope, id);
    const { env, providers } = props;
    this.env = env;
    this.policy = new PolicyDocument(baseKeyPolicy(env));
    // Rendered at synth, so statements added after construction (later capabilities) are in it.
    const policy = Lazy.stringValue({ produce: () => this.policy.toJson() });

    const description = `Secrets and secure parameters of ${env.stackName}`;
    const lifecycle = { preventDestroy: env.protect };
    this.primary = stableAddress(new KmsKey(this, 'primary', {
      provider: providers.forRegion(env.primaryRegion),
      description,
      multiRegion: true,
      enableKeyRotation: true,
      deletionWindowInDays: env.keyDeletionWindowDays,
      policy,
      lifecycle,
    }), addresses.environmentKey());

    const replicas = new Map<string, KmsReplicaKey>();
    for (const region of env.replicaRegions) {
      replicas.set(
        region,
        stableAddress(new KmsReplicaKey(this, `replica-${region}`, {
          provider: providers.forRegion(region),
          description,
          primaryKeyArn: this.primary.arn,
          deletionWindowInDays: env.keyDeletionWindowDays,
          policy,
          lifecycle,
        }), addresses.environmentKeyIn(region)),
      );
    }
    this.replicas = replicas;

    this.aliases = new Map(
      env.regions.map((region) => [
        region,
        stableAddress(new KmsAlias(this, `alias-${region}`, {
          provider: providers.forRegion(region),
          name: env.keyAlias,
          targetKeyId: this.keyId(region),
        }), addresses.environmentKeyIn(region)),
      ]),
    );
  }

  /** The ARN of the key in a region of the environment: the primary, or that region's replica. */
  keyArn(region: string): string {
    // One string per region, and a plain reference (see references.ts): every secret, parameter
    // and grant names it, and equal statements must stay equal for a large role's policy to be merged.
    let arn = this.arns.get(region);
    if (arn === undefined) {
      arn = attributeReference(region === this.env.primaryRegion ? this.primary : this.replica(region), 'arn');
      this.arns.set(region, arn);
    }
    return arn;
  }
  private readonly arns = new Map<string, string>();

  /** The key id in a region (multi-region keys share it, but read it from the region's resource). */
  keyId(region: string): string {
    if (region === this.env.primaryRegion) return this.primary.keyId;
    return this.replica(region).keyId;
  }

  /** The statements of the key policy (the same on every key), in the order they render. */
  get policyStatements(): readonly PolicyStatement[] {
    return this.policy.all;
  }

  /**
   * Adds statements to the key policy, e.g. for a service principal a later capability needs.
   * A service principal must come with conditions that scope it (source account, context).
   */
  addToKeyPolicy(...statements: PolicyStatement[]): void {
    for (const statement of statements) {
      if (statement.principals?.Service !== undefined && !statement.conditions) {
        throw new Error(`key policy of ${this.env.stackName}: statement ${statement.sid ?? '(no sid)'} admits a service principal without conditions; scope it (e.g. aws:SourceAccount, an encryption context)`);
      }
      this.policy.add(statement);
    }
  }

  /**
   * Lets `grantee` decrypt, in `region`, only what `via` encrypted for `resourceArn`.
   * Returns the statements added to the grantee.
   */
  grantDecrypt(grantee: Grantee, region: string, options: KeyGrantOptions): PolicyStatement[] {
    return this.grant(grantee, region, options, 'Decrypt', KMS_DECRYPT_ACTIONS);
  }

  /** Lets `grantee` encrypt, in `region`, new values `via` writes for `resourceArn`. */
  grantEncrypt(grantee: Grantee, region: string, options: KeyGrantOptions): PolicyStatement[] {
    return this.grant(grantee, region, options, 'Encrypt', KMS_ENCRYPT_ACTIONS);
  }

  private grant(
    grantee: Grantee,
    region: string,
    options: KeyGrantOptions,
    verb: string,
    actions: readonly string[],
  ): PolicyStatement[] {
    const key = JSON.stringify([verb, region, options.via, options.resourceArn, options.purpose]);
    const statement = this.shared.get(key, () => ({
      sid: sidFor(verb, options.purpose, region),
      actions: [...actions],
      resources: [this.keyArn(region)],
      conditions: {
        StringEquals: {
          'kms:ViaService': viaService(options.via, region),
          [ENCRYPTION_CONTEXT_KEY[options.via]]: options.resourceArn,
        },
      },
    }));
    grantee.addStatements(statement);
    return [statement];
  }

  private replica(region: string): KmsReplicaKey {
    const replica = this.replicas.get(region);
    if (!replica) {
      throw new Error(`environment ${this.env.name} has no key in ${region}; its regions: ${this.env.regions.join(', ')}`);
    }
    return replica;
  }

}

/**
 * The key policy before any capability adds to it:
 * 1. the account root administers the key (never use), so IAM in the account can always repair
 *    it and the key cannot become unmanageable;
 * 2. the spec's key admins administer it too;
 * 3. principals of the account use it, but only through Secrets Manager or SSM in one of the
 *    environment's regions.
 *    Which secret or parameter each principal may decrypt is decided by its own IAM policy
 *    (the grants), which the key policy delegates to by naming the account.
 */
export function baseKeyPolicy(env: KeyEnvironment): PolicyStatement[] {
  const root = accountRootArn(env.account);
  const statements: PolicyStatement[] = [
    {
      sid: KEY_POLICY_SIDS.rootAdministers,
      principals: { AWS: root },
      actions: [...KMS_ADMIN_ACTIONS],
      resources: ['*'],
    },
  ];
  if (env.keyAdmins.length > 0) {
    statements.push({
      sid: KEY_POLICY_SIDS.adminsAdminister,
      principals: { AWS: [...env.keyAdmins] },
      actions: [...KMS_ADMIN_ACTIONS],
      resources: ['*'],
    });
  }
  statements.push({
    sid: KEY_POLICY_SIDS.useThroughServices,
    principals: { AWS: root },
    actions: [...KMS_SERVICE_USE_ACTIONS],
    resources: ['*'],
    conditions: {
      StringEquals: {
        'kms:CallerAccount': env.account,
        'kms:ViaService': env.regions.flatMap((region) => [viaService('secretsmanager', region), viaService('ssm', region)]),
      },
    },
  });
  return statements;
}
