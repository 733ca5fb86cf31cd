/**
 * Where the GCP rotator's source archive is, building it when missing or older than its sources
 * (`node scripts/build.js` always builds it; this covers the unit tests, which synthesize
 * without that step).
 */
import * as fs from 'fs';
import * as path from 'path';

interface BuildHook {
  (options: { root: string; outdir: string }): string;
  readonly ROTATION_ZIP: string;
  readonly ROTATION_SOURCES: string;
}

/** `dist/assets/gcp-rotation.zip` under the project root. */
export function gcpRotatorBundlePath(): string {
  const root = projectRoot(__dirname);
  const hook = require(path.join(root, 'scripts', 'build-hooks', 'gcp-rotation.js')) as BuildHook;
  const outdir = path.join(root, 'dist');
  const zip = path.join(outdir, hook.ROTATION_ZIP);
  if (isStale(zip, [path.join(root, hook.ROTATION_SOURCES), path.join(root, 'package-lock.json')])) hook({ root, outdir });
  return zip;
}

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}: cannot locate the rotator's sources`);
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
