/** Types of `scripts/lib/cdktf.js`. */
import type { RunResult } from './proc';
export declare function toolEnv(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function cdktf(
  command: 'deploy' | 'destroy',
  stacks: readonly string[],
  outdir: string,
  env: NodeJS.ProcessEnv,
  options?: { readonly onLine?: (line: string) => void },
): Promise<RunResult>;
export declare function buildKit(): Promise<void>;
