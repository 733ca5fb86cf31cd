/** Types of `scripts/terraform-cli-config.js`. */
export declare const CONFIG_FILE: string;
export declare const CACHE_DIR: string;
export interface MirrorSearch {
  readonly mirror: string | undefined;
  readonly version: string;
  readonly searched: readonly string[];
}
export type CliConfig =
  | { readonly file: string; readonly mirror: string; readonly version: string; readonly reason?: undefined }
  | { readonly file: undefined; readonly reason: string; readonly mirror?: undefined; readonly version?: undefined };
export declare function findMirror(version?: string): MirrorSearch;
export declare function writeCliConfig(mirror: string): string;
export declare function ensureCliConfig(): CliConfig;
export declare function pinnedAwsProviderVersion(): string;
