/**
 * The seam between the cloud-neutral model and a cloud. A backend brings its spec fragment,
 * capabilities and limits (checked at load), its state backend and local-mode endpoint, and
 * turns the model into constructs, returning handles of what it built. The stacks only choose
 * which backend by the spec's `cloud:`. Nothing in `lib/core` knows any cloud: a second cloud
 * is a folder beside the first, registered in `lib/backends.ts`.
 */
import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Problem } from './errors';
import type { AccountModel, EnvironmentModel, PlatformModel } from './model';
import type { CloudSpecFragment, PlatformSpec } from './schema';

/** What a backend can do; a spec that asks for more is refused at load, with the place. */
export interface BackendCapabilities {
  /** Secrets replicated to other regions, each replica under its own regional key. */
  readonly replication: boolean;
  /** Secrets and parameters encrypted with keys the platform owns. */
  readonly customerManagedKeys: boolean;
  /** Scheduled rotation by the kit's built-in function. */
  readonly rotation: boolean;
  /** Scheduled rotation by a function of your own. */
  readonly customRotation: boolean;
  /** An audit trail with alarms on sensitive activity. */
  readonly audit: boolean;
  /** Parameters whose value is encrypted and set out of band (`secure: true`). */
  readonly secureParameters: boolean;
  /** Generated values that never enter the state of the deployment tool. */
  readonly valuesOutsideState: boolean;
  /** Identities granting each workload exactly what it declares. */
  readonly leastPrivilegeRoles: boolean;
  /** An identity that lets an outside system write values in. */
  readonly externalSync: boolean;
  /** `externalSync.*.preset` values the backend knows the principal of. */
  readonly syncPresets: readonly string[];
}

/** What loading a spec needs from a cloud: its keys, capabilities and limits. */
export interface CloudSupport {
  readonly spec: CloudSpecFragment;
  readonly capabilities: BackendCapabilities;
  /** The cloud's own limits and names (lengths, regions, windows, collisions), checked before any construct exists. */
  validate(model: PlatformModel, spec: PlatformSpec): Problem[];
}

/** How this synthesis will be deployed; the same for every stack of one run. */
export interface DeployOptions {
  /**
   * Local mode: every cloud API call goes to this endpoint (an emulator on 127.0.0.1).
   * @default the cloud's real endpoints
   */
  readonly localEndpoint?: string;
}

/** One thing a backend built, as the report and the guardrails read it. */
export interface ResourceHandle {
  /** The cloud's own name of the resource (a secret name, a role name, a key alias). */
  readonly name: string;
  /** Where it lives. */
  readonly region: string;
  /**
   * The cloud's id of it, as Terraform will know it (a token until apply), when the backend
   * has one without building more. @default none: the name identifies it in its region
   */
  readonly ref?: string;
}

/** What a backend built for one environment, keyed as the model keys it. */
export interface EnvironmentHandles {
  /** By logical path: the secret in each region that holds it, primary first. */
  readonly secrets: ReadonlyMap<string, readonly ResourceHandle[]>;
  /** By logical path: the parameter in each region that holds it, primary first. */
  readonly parameters: ReadonlyMap<string, readonly ResourceHandle[]>;
  /** The environment key in each region, primary first. */
  readonly keys: readonly ResourceHandle[];
  /** By function name: the identity the workload runs as. */
  readonly functionIdentities: ReadonlyMap<string, ResourceHandle>;
  /** By sync name: the identity the outside system writes through. */
  readonly syncIdentities: ReadonlyMap<string, ResourceHandle>;
}

/** What a backend built for one account. */
export interface AccountHandles {
  /** The key of the account's audit records. */
  readonly auditKey?: ResourceHandle;
}

/** What the review reports of one synthesis are written from, besides the model. */
export interface ReportOptions {
  /** What each environment stack built, by stack name. */
  readonly handles: ReadonlyMap<string, EnvironmentHandles>;
  /**
   * A folder holding a previous run's reports; each report then lists what changed since.
   * @default no comparison
   */
  readonly previousDir?: string;
  /** Guardrail suppressions written in code, by the stack they apply to. @default none */
  readonly constructSuppressions?: ReadonlyArray<{
    readonly rule: string;
    readonly reason: string;
    readonly target: string;
    readonly stack: string;
  }>;
}

export interface SecretsBackend extends CloudSupport {
  /**
   * The endpoint of local mode, from the process environment (the cloud's own variables).
   * @returns undefined when no local endpoint is set
   */
  localEndpoint(variables: Readonly<Record<string, string | undefined>>): string | undefined;
  /**
   * Configures a remote state backend of this cloud on `stack`; `local` is the stacks' own.
   * `stateKey` is the stack's name within the project (`prod`, `audit-{account}`).
   */
  remoteState(stack: TerraformStack, platform: PlatformModel, stateKey: string): void;
  /** Adds one environment's resources (keys, secrets, parameters, identities, rotation) to `scope`. */
  environment(scope: Construct, platform: PlatformModel, env: EnvironmentModel, options: DeployOptions): EnvironmentHandles;
  /** Adds one account's shared resources (the audit trail and its alarms) to `scope`. */
  account(scope: Construct, platform: PlatformModel, account: AccountModel, options: DeployOptions): AccountHandles;
  /**
   * Writes one review report per environment into `outdir` (access matrix, diagram, the cloud's
   * own rows and its cost estimate from its price list), after the stacks were synthesized there.
   * @returns the paths written
   */
  writeReports(platform: PlatformModel, outdir: string, options: ReportOptions): string[];
}
