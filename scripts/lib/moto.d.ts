/** Types of `scripts/lib/moto.js` (plain JavaScript so the demo runs without a TypeScript step). */
export declare const ROOT: string;
export declare const MOTO_SERVER: string;
export declare const LOCAL_SECRET_ACCESS_KEY: string;
/** The IAM user that owns each account's emulator credentials. */
export declare const LOCAL_DEPLOYER: string;

export interface EmulatorCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What an AWS SDK v3 client needs to talk to the emulator as one account. */
export interface EmulatorClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: EmulatorCredentials;
}

export interface MotoServer {
  /** `http://127.0.0.1:PORT` */
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** Credentials moto attributes to `account` (an IAM user's key, created once per account). */
  credentials(account: string): Promise<EmulatorCredentials>;
  /**
   * Environment for a child process (terraform, cdktf) that must talk only to this server, as
   * `account`. The account's credentials must exist already (`startMoto({ accounts })`).
   */
  env(account: string, region?: string): NodeJS.ProcessEnv;
  /** Like `env`, creating the account's credentials when needed. */
  envFor(account: string, region?: string): Promise<NodeJS.ProcessEnv>;
  /** Config for an AWS SDK v3 client acting as `account`. */
  clientConfig(account: string, region?: string): Promise<EmulatorClientConfig>;
  /** Applies moto's own settings (`POST /moto-api/config`). */
  configure(config: Record<string, unknown>): Promise<void>;
  /** Forgets everything created so far, credentials included. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** @default 30000 */
  readonly timeoutMs?: number;
  /**
   * Keep moto's Lambda on Docker.
   * @default false: the simple Lambda backend is switched on before anything is created
   */
  readonly lambdaDocker?: boolean;
  /**
   * Accounts whose credentials are created at start, so `env(account)` works at once.
   * @default none
   */
  readonly accounts?: readonly string[];
}

export declare function motoAvailable(): boolean;
export declare function freePort(): Promise<number>;
export declare function emulatorEnv(endpoint: string, credentials: EmulatorCredentials, region?: string, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function startMoto(options?: StartMotoOptions): Promise<MotoServer>;
export declare function killAllMoto(): void;
