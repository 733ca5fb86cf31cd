/**
 * Runs a bundled script through V8's code cache. The app CDKTF runs (`node dist/main.js`) is one
 * bundle of `main.ts` and everything it loads (`scripts/build.js` writes it), so a synth neither
 * resolves nor reads hundreds of module files; with the cache, V8 does not compile them either.
 * The first run after a build compiles as usual and, on exit, saves the compiled code beside
 * the bundle; later runs load it. The cache file is named after the bundle's content hash, so
 * a rebuilt bundle never runs stale code, and V8 itself rejects a cache made by another Node
 * version or other V8 flags (the run then compiles, and saves a fresh cache). A folder that
 * cannot be written only costs the speed-up.
 */
import * as fs from 'fs';
import { Module, createRequire } from 'module';
import * as path from 'path';
import * as vm from 'vm';

/** Where the compiled code of `bundle` at content hash `hash` is kept. */
export function cacheFileOf(bundle: string, hash: string): string {
  return path.join(path.dirname(bundle), `.${path.basename(bundle)}.${hash}.v8-cache`);
}

/** Runs `bundle` as the main CommonJS module, with its code cache when there is a valid one. */
export function runWithCodeCache(bundle: string, hash: string): void {
  const cacheFile = cacheFileOf(bundle, hash);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => saveCache(script, cacheFile));
  const module = { exports: {}, filename: bundle, id: '.', loaded: false };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
}

/** Written whole under a temporary name, then renamed: two synths at once never read half a cache. */
function saveCache(script: vm.Script, cacheFile: string): void {
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    fs.writeFileSync(partial, script.createCachedData());
    fs.renameSync(partial, cacheFile);
  } catch {
    fs.rmSync(partial, { force: true });
  }
}
