/** Types of `scripts/lib/gcp-checkov-skips.js`. */
export interface CheckovSkip {
  readonly id: string;
  readonly reason: string;
  readonly resources: readonly string[];
}
export interface GcpSkipRule {
  readonly id: string;
  readonly type: string;
  applies(resource: Record<string, any>, address: string): boolean;
  readonly reason: string;
}
export declare function gcpSkips(outdir: string): CheckovSkip[];
export declare function isGcpStack(config: Record<string, any>): boolean;
export declare const GCP_SKIP_RULES: readonly GcpSkipRule[];
