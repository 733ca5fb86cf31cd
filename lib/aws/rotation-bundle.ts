/**
 * Where the built-in rotation function's zip is, building it when it is missing or older than
 * its sources. `node scripts/build.js` (run before every synth) always builds it; this covers
 * code that synthesizes without that step, such as the unit tests.
 */
import * as fs from 'fs';
import * as path from 'path';

interface RotationBuildHook {
  (options: { root: string; outdir: string }): string;
  readonly ROTATION_ZIP: string;
  readonly ROTATION_SOURCES: string;
}

/** The zip's path, `dist/assets/rotation.zip` under the project root. */
export function rotationBundlePath(): string {
  const root = projectRoot(__dirname);
  const hook = require(path.join(root, 'scripts', 'build-hooks', 'rotation.js')) as RotationBuildHook;
  const outdir = path.join(root, 'dist');
  const zip = path.join(outdir, hook.ROTATION_ZIP);
  if (isStale(zip, [path.join(root, hook.ROTATION_SOURCES), path.join(root, 'package-lock.json')])) hook({ root, outdir });
  return zip;
}

/** This file runs from `lib/aws` (tests) or `dist/lib/aws` (synth): the root holds package.json. */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}: cannot locate the rotation function's sources`);
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
