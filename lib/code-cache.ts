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

export interface CachedBundle {
  /** True when V8 accepted the saved compiled code. */
  readonly fromCache: boolean;
  /** Runs the bundle as a CommonJS module of its folder; returns its exports. */
  run(): unknown;
  /** Saves the code compiled so far (call after running, so lazily compiled functions are in). */
  saveCache(): void;
}

/** Compiles `bundle`, from its code cache when there is a valid one. */
export function loadWithCodeCache(bundle: string, hash: string): CachedBundle {
  const cacheFile = cacheFileOf(bundle, hash);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
  return {
    fromCache: cachedData !== undefined && !script.cachedDataRejected,
    run() {
      const module = { exports: {}, filename: bundle, id: '.', loaded: false };
      const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
      wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, path.dirname(bundle));
      return module.exports;
    },
    saveCache: () => saveCache(script, cacheFile),
  };
}

/** Runs `bundle` as the app, saving its compiled code on exit when there was no valid cache. */
export function runWithCodeCache(bundle: string, hash: string): void {
  const loaded = loadWithCodeCache(bundle, hash);
  if (!loaded.fromCache) process.once('exit', () => loaded.saveCache());
  loaded.run();
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
