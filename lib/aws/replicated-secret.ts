/**
 * One Secrets Manager secret `{project}/{env}/{path}`: encrypted with the environment key,
 * replicated to the environment's replica regions (each replica under that region's replica
 * key), with a resource policy that keeps every principal outside the account out. The value
 * is not part of this construct: a generated value is written by `GeneratedSecretVersion`,
 * an external one out of band.
 */
import { Construct } from 'constructs';
import { Lazy, TerraformLocal } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import type { EnvironmentModel, SecretModel } from './model';
import { SECRETS_MANAGER_ALL_ACTIONS, SECRET_READ_ACTIONS, SECRET_WRITE_ACTIONS } from './actions';
import type { EnvironmentKey } from './environment-key';
import { optionalLiteral } from '../cdktf/literal';
import { Grantee, PolicyDocument, PolicyStatement, SharedStatements, sidFor } from './policy';
import type { RegionalProviders } from './providers';
import { ROTATION_OPTIONS_TAG, rotationOptionsTagValue } from './rotation/config';
import { addresses, stableAddress, stableName } from './addresses';
import { attributeReference, localReference, replaceExpression } from './references';

/** What a secret needs of its environment: only what it reads, so it can be built and tested alone. */
export type SecretEnvironment = Pick<EnvironmentModel, 'account' | 'primaryRegion' | 'protect' | 'secretRecoveryWindowDays'>;

/** Statement ids of a secret's resource policy. */
export const SECRET_POLICY_SIDS = {
  denyOutsideAccount: 'DenyPrincipalsOutsideAccount',
} as const;

export interface ReplicatedSecretProps {
  readonly env: SecretEnvironment;
  readonly secret: SecretModel;
  readonly key: EnvironmentKey;
  readonly providers: RegionalProviders;
}

export class ReplicatedSecret extends Construct {
  /** Each grant's statement, built once and shared by every grantee. */
  private readonly shared = new SharedStatements();
  readonly model: SecretModel;
  readonly resource: SecretsmanagerSecret;
  readonly resourcePolicy: SecretsmanagerSecretPolicy;
  /** The primary region first, then every region holding a replica. */
  readonly regions: readonly string[];
  private readonly env: SecretEnvironment;
  private readonly key: EnvironmentKey;
  private readonly policyDocument: PolicyDocument;
  private readonly replicaArns = new Map<string, string>();
  /** `${aws_secretsmanager_secret.x.arn}`, read once (see references.ts). */
  private readonly primaryArn: string;
  /** `${aws_secretsmanager_secret.x.id}`, where the provider wants the secret's id (its ARN too). */
  readonly secretId: string;

  constructor(scope: Construct, id: string, props: ReplicatedSecretProps) {
    super(scope, id);
    const { env, secret, key, providers } = props;
    this.env = env;
    this.key = key;
    this.model = secret;
    this.regions = [env.primaryRegion, ...secret.replicaRegions];
    const provider = providers.forRegion(env.primaryRegion);

    const address = addresses.secret(secret.id);
    this.resource = stableAddress(new SecretsmanagerSecret(this, 'secret', {
      provider,
      name: secret.name,
      description: optionalLiteral(secret.description),
      kmsKeyId: key.keyArn(env.primaryRegion),
      recoveryWindowInDays: env.secretRecoveryWindowDays,
      replica: secret.replicaRegions.map((region) => ({ region, kmsKeyId: key.keyArn(region) })),
      tags: rotationTags(secret),
      lifecycle: { preventDestroy: env.protect },
    }), address);
    this.primaryArn = attributeReference(this.resource, 'arn');
    this.secretId = attributeReference(this.resource, 'id');

    this.policyDocument = new PolicyDocument(baseSecretPolicy(env));
    this.resourcePolicy = stableAddress(new SecretsmanagerSecretPolicy(this, 'policy', {
      provider,
      secretArn: this.primaryArn,
      policy: Lazy.stringValue({ produce: () => this.policyDocument.toJson() }),
      blockPublicPolicy: true,
    }), address);
  }

  /**
   * The secret's ARN in a region: the primary's, or its replica's. A replica keeps the
   * primary's name and six-character suffix; only the region differs. The provider exports no
   * replica ARN, so it is derived from the primary's at apply time.
   */
  arn(region: string): string {
    if (region === this.env.primaryRegion) return this.primaryArn;
    if (!this.model.replicaRegions.includes(region)) {
      throw new Error(`secret ${this.model.path} has no replica in ${region}; it is in: ${this.regions.join(', ')}`);
    }
    let arn = this.replicaArns.get(region);
    if (arn === undefined) {
      // Held in a local so a policy embedding it reads `${local.x}`: the quotes of `replace(...)`
      // inside a policy's JSON string would make it unreadable to scanners before apply.
      const derived = replaceExpression(this.resource, 'arn', `:secretsmanager:${this.env.primaryRegion}:`, `:secretsmanager:${region}:`);
      arn = localReference(stableName(new TerraformLocal(this, `arn-${region}`, derived), addresses.secretArnIn(this.model.id, region)));
      this.replicaArns.set(region, arn);
    }
    return arn;
  }

  /** The statements of the resource policy, in the order they render. */
  get resourcePolicyStatements(): readonly PolicyStatement[] {
    return this.policyDocument.all;
  }

  /** Adds statements to the secret's resource policy (rendered at synth). */
  addToResourcePolicy(...statements: PolicyStatement[]): void {
    this.policyDocument.add(...statements);
  }

  /**
   * Lets `grantee` read the value of the copy in `region`: the two Secrets Manager actions on
   * exactly that ARN, and `kms:Decrypt` of that region's key through Secrets Manager for this
   * secret only. Returns every statement added.
   */
  grantRead(grantee: Grantee, region: string): PolicyStatement[] {
    const arn = this.arn(region);
    const statement = this.shared.get(`read ${region}`, () => ({
      sid: sidFor('Read', this.purpose, region),
      actions: [...SECRET_READ_ACTIONS],
      resources: [arn],
    }));
    grantee.addStatements(statement);
    return [statement, ...this.key.grantDecrypt(grantee, region, { via: 'secretsmanager', resourceArn: arn, purpose: this.purpose })];
  }

  /**
   * Lets `grantee` (an external sync) put new values into the primary, from which Secrets
   * Manager replicates them: `PutSecretValue` on the primary ARN, and a data key of the primary
   * key through Secrets Manager for this secret only.
   */
  grantWrite(grantee: Grantee): PolicyStatement[] {
    const region = this.env.primaryRegion;
    const arn = this.arn(region);
    const statement = this.shared.get(`write ${region}`, () => ({
      sid: sidFor('Write', this.purpose, region),
      actions: [...SECRET_WRITE_ACTIONS],
      resources: [arn],
    }));
    grantee.addStatements(statement);
    return [statement, ...this.key.grantEncrypt(grantee, region, { via: 'secretsmanager', resourceArn: arn, purpose: this.purpose })];
  }

  /** `SecretDbPassword`: the grant's part of statement ids. */
  private get purpose(): string {
    return sidFor('Secret', this.model.path);
  }
}

/**
 * A generated secret that rotates carries its generator options as a tag, where a rotation
 * function built from `lib/aws/rotation` reads them (the built-in one, or a team's own built
 * from the same handler). Set here, so an apply restores the tag if someone changes it.
 */
export function rotationTags(secret: SecretModel): Record<string, string> | undefined {
  if (!secret.rotation || !secret.generate) return undefined;
  return { [ROTATION_OPTIONS_TAG]: rotationOptionsTagValue(secret.generate) };
}

/**
 * The resource policy every secret starts with: deny every Secrets Manager action to any
 * principal of another account. AWS services acting for the account (replication) are not
 * principals of an account, so they are exempt by `aws:PrincipalIsAWSService`. Allows are left
 * to IAM policies in the account (the grants); `block_public_policy` makes Secrets Manager
 * refuse any later policy that would open the secret to everyone.
 */
export function baseSecretPolicy(env: SecretEnvironment): PolicyStatement[] {
  return [
    {
      sid: SECRET_POLICY_SIDS.denyOutsideAccount,
      effect: 'Deny',
      principals: { AWS: '*' },
      actions: [...SECRETS_MANAGER_ALL_ACTIONS],
      resources: ['*'],
      conditions: {
        StringNotEquals: { 'aws:PrincipalAccount': env.account },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    },
  ];
}
