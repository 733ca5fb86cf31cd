/**
 * Who reads what, where: one row per function and secret or parameter it declares, one column
 * per region of the environment. Derived from the model alone, so it shows the declared access
 * that every backend must grant, and nothing a backend might add on its own.
 */
import type { EnvironmentModel } from '../aws/model';

export type AccessKind = 'secret' | 'parameter';

/** Where a function running in `region` reads the value: its own region, or the primary. */
export interface RegionalRead {
  readonly region: string;
  readonly readsFrom: string;
}

export interface AccessEntry {
  readonly function: string;
  readonly kind: AccessKind;
  /** Logical path from the spec. */
  readonly path: string;
  /** Full name in the cloud (`{project}/{env}/{path}` or `/{project}/{env}/{path}`). */
  readonly name: string;
  /** Regions the function runs in, in the environment's region order. */
  readonly reads: readonly RegionalRead[];
}

/** Sorted by function, then secrets before parameters, then path. */
export function accessMatrix(env: EnvironmentModel): AccessEntry[] {
  const secrets = new Map(env.secrets.map((s) => [s.path, s]));
  const parameters = new Map(env.parameters.map((p) => [p.path, p]));
  return env.functions.flatMap((fn) => [
    ...fn.secrets.map((path) => {
      const secret = secrets.get(path)!;
      const held = new Set([env.primaryRegion, ...secret.replicaRegions]);
      return entry(fn.name, 'secret', path, secret.name, fn.regions, (r) => (held.has(r) ? r : env.primaryRegion));
    }),
    ...fn.parameters.map((path) => {
      const parameter = parameters.get(path)!;
      const held = new Set(parameter.regions);
      return entry(fn.name, 'parameter', path, parameter.name, fn.regions, (r) => (held.has(r) ? r : env.primaryRegion));
    }),
  ]);
}

function entry(
  fn: string,
  kind: AccessKind,
  path: string,
  name: string,
  regions: readonly string[],
  source: (region: string) => string,
): AccessEntry {
  return { function: fn, kind, path, name, reads: regions.map((region) => ({ region, readsFrom: source(region) })) };
}

/** A stable key for one function reading one value in one region, used to compare reports. */
export function accessKey(e: Pick<AccessEntry, 'function' | 'kind' | 'path'>, region: string): string {
  return `${e.function} reads ${e.kind} ${e.path} in ${region}`;
}

/** Markdown table: `local` when the value is in the function's region, `from <region>` otherwise. */
export function renderAccessMatrix(entries: readonly AccessEntry[], regions: readonly string[]): string {
  if (entries.length === 0) return '_No function reads anything in this environment._\n';
  const header = `| function | kind | path | ${regions.join(' | ')} |`;
  const rule = `|---|---|---|${regions.map(() => '---').join('|')}|`;
  const rows = entries.map((e) => {
    const cells = regions.map((region) => {
      const read = e.reads.find((r) => r.region === region);
      if (!read) return '';
      return read.readsFrom === region ? 'local' : `from ${read.readsFrom}`;
    });
    return `| ${e.function} | ${e.kind} | \`${e.path}\` | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...rows].join('\n') + '\n';
}
