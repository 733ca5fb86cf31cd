/**
 * The seam between the cloud-neutral model and a cloud. A backend turns the model into
 * constructs; the stacks only choose which backend by the spec's `cloud:`.
 * Nothing in `lib/core` knows any cloud: a second cloud is a folder beside `lib/aws`.
 */
import type { Construct } from 'constructs';
import type { Problem } from './errors';
import type { AccountModel, EnvironmentModel, PlatformModel } from './model';
import type { PlatformSpec } from './schema';

/** What a backend can do; the kit refuses specs that ask for more. */
export interface BackendCapabilities {
  /** Secrets replicated to other regions, each replica under its own regional key. */
  readonly replication: boolean;
  /** Secrets and parameters encrypted with keys the platform owns. */
  readonly customerManagedKeys: boolean;
  /** Scheduled rotation through a function. */
  readonly rotation: boolean;
  /** An audit trail with alarms on sensitive activity. */
  readonly audit: boolean;
  /** Hierarchical plain and secure parameters. */
  readonly parameterHierarchies: boolean;
  /** Generated values that never enter the state of the deployment tool. */
  readonly valuesOutsideState: boolean;
  /** Roles granting each workload exactly what it declares. */
  readonly leastPrivilegeRoles: boolean;
  /** A role that lets an outside system write values in. */
  readonly externalSync: boolean;
}

/** How this synthesis will be deployed; the same for every stack of one run. */
export interface DeployOptions {
  /**
   * Local mode: every cloud API call goes to this endpoint (an emulator on 127.0.0.1).
   * @default the cloud's real endpoints
   */
  readonly localEndpoint?: string;
}

export interface SecretsBackend {
  /** The `cloud:` value that selects this backend. */
  readonly cloud: string;
  readonly capabilities: BackendCapabilities;
  /** The cloud's own limits (name lengths, regions, windows), checked before any construct exists. */
  validate(model: PlatformModel, spec: PlatformSpec): Problem[];
  /** Adds one environment's resources (keys, secrets, parameters, roles, rotation) to `scope`. */
  environment(scope: Construct, platform: PlatformModel, env: EnvironmentModel, options: DeployOptions): void;
  /** Adds one account's shared resources (the audit trail and its alarms) to `scope`. */
  account(scope: Construct, platform: PlatformModel, account: AccountModel, options: DeployOptions): void;
}
