/**
 * The cloud-neutral model: the spec resolved per environment, every default applied, every
 * glob expanded and every neutral name computed once. Backends and reports read only this.
 * All lists are sorted by name, so the order of entries in the spec never shows in the output.
 *
 * What exists on one cloud only travels as `options`: the keys of that cloud's spec fragment
 * at that place, validated by its schema and read by its backend, never by the core.
 */
import type { AuditSpec, BackendSpec, SuppressionSpec } from './schema';
import type { SpecPath } from './errors';

/** The settings of one cloud at one place of the spec, as its fragment parsed them. */
export type CloudOptions = Readonly<Record<string, unknown>>;

export interface PlatformModel {
  readonly project: string;
  readonly cloud: string;
  /** Tags for every taggable resource: the spec's plus `Project`, `ManagedBy`. */
  readonly tags: Readonly<Record<string, string>>;
  readonly backend: BackendSpec;
  readonly audit: AuditSpec;
  /** Sorted by name. */
  readonly environments: readonly EnvironmentModel[];
  /** One per account (the cloud's isolation boundary) used by any environment, sorted. */
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
  /** Where the account's audit resources live: the platform's primary region. */
  readonly homeRegion: string;
  /** Environment names in this account, sorted. */
  readonly environments: readonly string[];
  /** Protected when any of its environments is. */
  readonly protect: boolean;
}

export interface EnvironmentModel {
  readonly name: string;
  /** `{project}-{env}` */
  readonly stackName: string;
  /** The cloud's isolation boundary the environment lives in. */
  readonly account: string;
  readonly primaryRegion: string;
  /** Replica regions, in spec order (distinct, never the primary). */
  readonly replicaRegions: readonly string[];
  /** Primary first, then replicas. */
  readonly regions: readonly string[];
  /** prevent_destroy, longest windows, provider pinned to the account. */
  readonly protect: boolean;
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
  readonly options: CloudOptions;
}

export interface GenerateModel {
  readonly length: number;
  readonly excludeCharacters?: string;
  readonly excludeNumbers: boolean;
  readonly excludePunctuation: boolean;
  readonly excludeUppercase: boolean;
  readonly excludeLowercase: boolean;
  readonly options: CloudOptions;
}

/** `builtin`, or a function of your own in the cloud's own form. */
export type RotationFunctionModel = { readonly kind: 'builtin' } | { readonly kind: 'custom'; readonly ref: string };

export interface RotationModel {
  /** `30d`, when the spec gives an interval. */
  readonly every?: string;
  /** Hours between rotations, when the spec gives an interval. */
  readonly intervalHours?: number;
  readonly function: RotationFunctionModel;
  readonly options: CloudOptions;
}

export interface SecretModel {
  /** Logical path from the spec, e.g. `db/password`. */
  readonly path: string;
  /** `{project}/{env}/{path}`: the logical name, the same on every cloud. */
  readonly logicalName: string;
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
  readonly options: CloudOptions;
}

export interface ParameterModel {
  readonly path: string;
  /** `{project}/{env}/{path}`: the logical name, the same on every cloud. */
  readonly logicalName: string;
  readonly id: string;
  readonly description?: string;
  readonly secure: boolean;
  /** The literal value (never for secure parameters). */
  readonly value?: string;
  /** Every region where a function of the environment runs, plus the primary; primary first. */
  readonly regions: readonly string[];
  readonly readers: readonly string[];
  readonly suppressions: readonly SuppressionModel[];
  readonly options: CloudOptions;
}

export interface FunctionModel {
  readonly name: string;
  /** `{project}-{env}-{function}`: the logical name of the workload's identity. */
  readonly identityName: string;
  readonly id: string;
  /** Regions the function runs in; primary region of the environment first when included. */
  readonly regions: readonly string[];
  /** Logical paths of the secrets it reads (globs expanded), sorted. */
  readonly secrets: readonly string[];
  /** Logical paths of the parameters it reads (globs expanded), sorted. */
  readonly parameters: readonly string[];
  /** Subtrees (`db` for `db/*`) it may read by path, sorted; empty unless the spec sets `readParametersByPath`. */
  readonly parameterSubtrees: readonly string[];
  /** Expected load in this environment, when the spec states it; read only by the cost estimate. */
  readonly usage?: FunctionUsageModel;
  readonly suppressions: readonly SuppressionModel[];
  readonly options: CloudOptions;
}

export interface FunctionUsageModel {
  /** Across all the function's regions. */
  readonly invocationsPerMonth: number;
  /** 0 when values are not cached. @default the cloud's client default (undefined here) */
  readonly cacheTtlSeconds?: number;
  /** Average warm execution environments per region, each holding its own cache. */
  readonly concurrency: number;
}

export interface ExternalSyncModel {
  readonly name: string;
  /** `{project}-{env}-sync-{name}`: the logical name of the identity outside systems use. */
  readonly identityName: string;
  readonly id: string;
  readonly preset?: string;
  /** Who writes the values, in the cloud's own form. @default the preset's principal, known to the backend */
  readonly principal?: string;
  readonly secrets: readonly string[];
  readonly parameters: readonly string[];
  /** Whether it may also read back what it writes. */
  readonly read: boolean;
  readonly options: CloudOptions;
}

export interface BuiltinRotationModel {
  /** `{project}-{env}-rotation`: the function and its identity. */
  readonly functionName: string;
  /** Logical paths of the secrets it rotates, sorted. */
  readonly secrets: readonly string[];
}
