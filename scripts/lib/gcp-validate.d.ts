/** Types of `scripts/lib/gcp-validate.js`. */
export declare function gcpProviders(): { name: string; version: string }[];
export declare function gcpValidateReadiness(mirror: string | undefined): { runnable: true } | { runnable: false; reason: string };
export declare function isGcpConfig(config: Record<string, any>): boolean;
export declare function mirrorHolds(mirror: string, name: string, version: string): boolean;
