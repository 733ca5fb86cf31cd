/**
 * The cloud-neutral model: the spec resolved per environment, every default applied, every
 * glob expanded and every name computed once. Backends and reports read only this.
 * All lists are sorted by name, so the order of entries in the spec never shows in the output.
 */
import type { AuditSpec, BackendSpec, SuppressionSpec } from './schema';
import type { SpecPath } from './errors';

export interface PlatformModel {
  readonly project: string;
  readonly cloud: string;
  /** Tags for every taggable resource: the spec's plus `Project`, `ManagedBy`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: BackendSpec;
  readonly audit: AuditSpec;
  /** Sorted by name. */
  readonly environments: readonly EnvironmentModel[];
  /** One per AWS account (or the other cloud's equivalent) used by any environment, sorted. */
  readonly accounts: readonly AccountModel[];
  /** Platform-wide guardrail suppressions from the spec. */
  readonly suppressions: readonly SuppressionModel[];
}

export interface SuppressionModel extends SuppressionSpec {
  /** Where the suppression was written in the spec. */
  readonly specPath: SpecPath;
}

/** An account and the environments that live in it: audit is per account, not per environment. */
export interface AccountModel {
  readonly account: string;
  /** The account-level stack: `{project}-audit-{account}`. */
  readonly stackName: string;
  /** Where the account's trail and audit resources live: the platform's primary region. */
  readonly homeRegion: string;
  /** Environment names in this account, sorted. */
  readonly environments: readonly string[];
  /** Protected when any of its environments is. */
  readonly protect: boolean;
  /** The first environment's assume-role, used to deploy account-level resources. */
  readonly assumeRoleArn?: string;
}

export interface EnvironmentModel {
  readonly name: string;
  /** `{project}-{env}` */
  readonly stackName: string;
  readonly account: string;
  readonly primaryRegion: string;
  /** Replica regions, in spec order (distinct, never the primary). */
  readonly replicaRegions: readonly string[];
  /** Primary first, then replicas. */
  readonly regions: readonly string[];
  readonly assumeRoleArn?: string;
  /** prevent_destroy, longest windows, provider pinned to the account. */
  readonly protect: boolean;
  readonly keyAlias: string;
  readonly keyAdmins: readonly string[];
  readonly keyDeletionWindowDays: number;
  readonly secretRecoveryWindowDays: number;
  readonly permissionsBoundaryArn?: string;
  /** `/{project}/{env}` */
  readonly parameterPrefix: string;
  /** Platform tags plus `Environment`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly secrets: readonly SecretModel[];
  readonly parameters: readonly ParameterModel[];
  readonly functions: readonly FunctionModel[];
  readonly syncs: readonly ExternalSyncModel[];
  /** The built-in rotation function, when any secret of the environment uses it. */
  readonly rotation?: BuiltinRotationModel;
  /** The account-level audit stack this environment reports to. */
  readonly auditStackName: string;
}

export interface GenerateModel {
  readonly length: number;
  readonly excludeCharacters?: string;
  readonly excludeNumbers: boolean;
  readonly excludePunctuation: boolean;
  readonly excludeUppercase: boolean;
  readonly excludeLowercase: boolean;
  readonly includeSpace: boolean;
  readonly requireEachIncludedType: boolean;
}

export type RotationFunctionModel = { readonly kind: 'builtin' } | { readonly kind: 'custom'; readonly arn: string };

export interface RotationModel {
  /** `rate(30 days)` or `cron(...)`. */
  readonly scheduleExpression: string;
  /** Hours between rotations, when the schedule is a rate. */
  readonly intervalHours?: number;
  /** `4h`: how long a rotation may take. */
  readonly window?: string;
  readonly rotateImmediately: boolean;
  readonly function: RotationFunctionModel;
}

export interface SecretModel {
  /** Logical path from the spec, e.g. `db/password`. */
  readonly path: string;
  /** `{project}/{env}/{path}` */
  readonly name: string;
  /** Terraform-safe id derived from the path. */
  readonly id: string;
  readonly description?: string;
  readonly type: 'generated' | 'external';
  /** Options of the generator, for generated secrets. */
  readonly generate?: GenerateModel;
  readonly rotation?: RotationModel;
  /** Regions holding a replica (empty when `replicate: false`). */
  readonly replicaRegions: readonly string[];
  /** Functions of this environment that read it, sorted. */
  readonly readers: readonly string[];
  readonly suppressions: readonly SuppressionModel[];
}

export interface ParameterModel {
  readonly path: string;
  /** `/{project}/{env}/{path}` */
  readonly name: string;
  readonly id: string;
  readonly description?: string;
  readonly secure: boolean;
  /** The literal value (never for secure parameters). */
  readonly value?: string;
  readonly tier: 'Standard' | 'Advanced' | 'Intelligent-Tiering';
  /** Every region where a function of the environment runs, plus the primary; primary first. */
  readonly regions: readonly string[];
  readonly readers: readonly string[];
  readonly suppressions: readonly SuppressionModel[];
}

export interface FunctionModel {
  readonly name: string;
  /** `{project}-{env}-{function}` */
  readonly roleName: string;
  readonly id: string;
  /** Regions the function runs in; primary region of the environment first when included. */
  readonly regions: readonly string[];
  /** Logical paths of the secrets it reads (globs expanded), sorted. */
  readonly secrets: readonly string[];
  /** Logical paths of the parameters it reads (globs expanded), sorted. */
  readonly parameters: readonly string[];
  /** Subtrees (`db` for `db/*`) it may read by path, sorted; empty unless the spec sets `readParametersByPath`. */
  readonly parameterSubtrees: readonly string[];
  /** `/aws/lambda/{roleName}`: the function is expected to be named like its role. */
  readonly logGroupName: string;
  /** Expected load in this environment, when the spec states it; read only by the cost estimate. */
  readonly usage?: FunctionUsageModel;
  readonly suppressions: readonly SuppressionModel[];
}

export interface FunctionUsageModel {
  /** Across all the function's regions. */
  readonly invocationsPerMonth: number;
  /** 0 when values are not cached. */
  readonly cacheTtlSeconds: number;
  /** Average warm execution environments per region, each holding its own cache. */
  readonly concurrency: number;
}

export interface ExternalSyncModel {
  readonly name: string;
  /** `{project}-{env}-sync-{name}` */
  readonly roleName: string;
  readonly id: string;
  readonly preset?: 'doppler';
  /** Who may assume the role. */
  readonly principal: string;
  readonly externalId?: string;
  readonly secrets: readonly string[];
  readonly parameters: readonly string[];
  /** Whether it may also read back what it writes. */
  readonly read: boolean;
}

export interface BuiltinRotationModel {
  /** `{project}-{env}-rotation`: the function and its role. */
  readonly functionName: string;
  readonly logGroupName: string;
  /** `{project}/{env}/`: Secrets Manager may invoke it for secrets whose names start with it. */
  readonly secretNamePrefix: string;
  /** Logical paths of the secrets it rotates, sorted. */
  readonly secrets: readonly string[];
}
