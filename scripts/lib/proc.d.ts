/** Types of `scripts/lib/proc.js`. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Copy the child's output to this process's while collecting it. */
  readonly echo?: boolean;
  /** Called with each complete line the child writes, to standard output or error. */
  readonly onLine?: (line: string) => void;
}
export declare function run(cmd: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
export declare function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]>;
export declare function killChildren(signal?: NodeJS.Signals): void;
export declare function terraformVersion(): string | undefined;
export declare function plain(text: string): string;
export declare function seconds(ms: number): string;
