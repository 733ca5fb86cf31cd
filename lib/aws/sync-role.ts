/**
 * The role an outside system (a Doppler sync, a CI job, another account) assumes to write values
 * into the secrets and parameters it declares: write-only unless the spec says `read: true`.
 */
import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { EnvironmentModel, ExternalSyncModel } from './model';
import { addresses } from './addresses';
import { inlineRole, provisioned } from './inline-role';
import { Grantee, PolicyStatement, sidFor } from './policy';
import { RoleStatements } from './role-statements';

/** What a sync role needs of its environment: only what it reads, so it can be built and tested alone. */
export type SyncRoleEnvironment = Pick<EnvironmentModel, 'name' | 'parameters' | 'permissionsBoundaryArn' | 'primaryRegion'>;

/**
 * Beyond writing values, what a preset's integration needs. Doppler's documented Secrets Manager
 * policy lists `DescribeSecret` (metadata, never a value) to find an existing secret before it
 * writes; the rest of that list (CreateSecret, DeleteSecret, UpdateSecret, TagResource, reads)
 * is withheld: the kit owns the secrets, so Doppler only writes values into them.
 */
export const PRESET_DESCRIBE_SECRETS: Readonly<Record<NonNullable<ExternalSyncModel['preset']>, boolean>> = {
  doppler: true,
};

export const DESCRIBE_SECRET_ACTION = 'secretsmanager:DescribeSecret';

/** A secret as a sync writes it: values go to the primary and replicate from there. */
export interface WritableSecret {
  arn(region: string): string;
  grantWrite(grantee: Grantee): unknown;
  grantRead(grantee: Grantee, region: string): unknown;
}

/** A parameter as a sync writes it: each region holds its own copy. */
export interface WritableParameter {
  grantWrite(grantee: Grantee, region: string): unknown;
  grantRead(grantee: Grantee, region: string): unknown;
}

export interface SyncRoleProps {
  readonly env: SyncRoleEnvironment;
  readonly sync: ExternalSyncModel;
  /** IAM is global: the role and its policy go through this (the primary region's) provider. */
  readonly provider: AwsProvider;
  /** The environment's secrets by logical path; must hold every secret the sync writes. */
  readonly secrets: ReadonlyMap<string, WritableSecret>;
  /** The environment's parameters by logical path; must hold every parameter the sync writes. */
  readonly parameters: ReadonlyMap<string, WritableParameter>;
}

export class SyncRole extends Construct implements Grantee {
  readonly granteeName: string;
  readonly role: IamRole;
  readonly policy: IamRolePolicy;
  private readonly statements: RoleStatements;

  constructor(scope: Construct, id: string, props: SyncRoleProps) {
    super(scope, id);
    const { env, sync, provider } = props;
    this.granteeName = sync.roleName;
    ({ role: this.role, policy: this.policy, statements: this.statements } = inlineRole(this, {
      provider,
      name: sync.roleName,
      description: `Lets ${sync.name} write the values it owns into ${env.name}`,
      assumeRolePolicy: syncTrustPolicy(sync),
      permissionsBoundary: env.permissionsBoundaryArn,
      address: addresses.syncRole(sync.id),
    }));
    this.grantDeclared(props);

    new TerraformOutput(this, 'role-arn', {
      value: this.role.arn,
      description: `ARN of the role ${sync.name} assumes to write values`,
    }).overrideLogicalId(`sync_${sync.id}_role_arn`);
  }

  addStatements(...statements: PolicyStatement[]): void {
    this.statements.add(...statements);
  }

  get policyStatements(): readonly PolicyStatement[] {
    return this.statements.all;
  }

  private grantDeclared(props: SyncRoleProps): void {
    const { env, sync } = props;
    const secrets = sync.secrets.map((path) => provisioned(props.secrets, path, `sync ${sync.name} writes the secret`));
    for (const secret of secrets) {
      secret.grantWrite(this);
      if (sync.read) secret.grantRead(this, env.primaryRegion);
    }
    if (sync.preset && PRESET_DESCRIBE_SECRETS[sync.preset] && secrets.length > 0) {
      // Metadata only: no value and no key is involved, so there is no KMS half to add.
      this.addStatements({
        sid: sidFor('Describe', 'secrets'),
        actions: [DESCRIBE_SECRET_ACTION],
        resources: secrets.map((s) => s.arn(env.primaryRegion)),
      });
    }
    for (const path of sync.parameters) {
      const parameter = provisioned(props.parameters, path, `sync ${sync.name} writes the parameter`);
      for (const region of parameterRegions(env, path)) {
        parameter.grantWrite(this, region);
        if (sync.read) parameter.grantRead(this, region);
      }
    }
  }
}

/** The declared principal, behind the external ID when one is given. */
function syncTrustPolicy(sync: ExternalSyncModel): string {
  return RoleStatements.trustPolicy({
    principals: { AWS: sync.principal },
    actions: ['sts:AssumeRole'],
    conditions: sync.externalId ? { StringEquals: { 'sts:ExternalId': sync.externalId } } : undefined,
  });
}

/** Parameters are not replicated: every region that holds one gets its own write. */
function parameterRegions(env: SyncRoleEnvironment, path: string): readonly string[] {
  const parameter = env.parameters.find((p) => p.path === path);
  if (!parameter) throw new Error(`environment ${env.name}: no parameter ${path} in the model`);
  return parameter.regions;
}
