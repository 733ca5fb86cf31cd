/**
 * Where a built-in function's zip is, building it when it is missing or older than its sources.
 * `node scripts/build.js` (run before every synth) always builds every bundle; this covers code
 * that synthesizes without that step, such as the unit tests. Each backend names its build hook
 * (a file in scripts/build-hooks/, declared with scripts/lib/function-bundle.js).
 */
import * as fs from 'fs';
import * as path from 'path';

interface BundleBuildHook {
  (options: { root: string; outdir: string }): string;
  /** The zip's path under the output folder, e.g. `assets/rotation.zip`. */
  readonly ROTATION_ZIP: string;
  /** The folder, under the project root, whose changes make the zip stale. */
  readonly ROTATION_SOURCES: string;
}

/** The zip's path under `dist/` of the project root, built first if missing or stale. */
export function builtBundlePath(hookFile: string): string {
  const root = projectRoot(__dirname, hookFile);
  const hook = require(path.join(root, 'scripts', 'build-hooks', hookFile)) as BundleBuildHook;
  const outdir = path.join(root, 'dist');
  const zip = path.join(outdir, hook.ROTATION_ZIP);
  if (isStale(zip, [path.join(root, hook.ROTATION_SOURCES), path.join(root, 'package-lock.json')])) hook({ root, outdir });
  return zip;
}

/** This file runs from `lib` (tests) or `dist/lib` (synth): the root holds package.json. */
function projectRoot(from: string, hookFile: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}: cannot locate the sources that build hook ${hookFile} bundles`);
  }
}

function isStale(target: string, sources: readonly string[]): boolean {
  if (!fs.existsSync(target)) return true;
  const built = fs.statSync(target).mtimeMs;
  return sources.some((source) => newest(source) > built);
}

function newest(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((entry) => newest(path.join(file, entry))));
}
