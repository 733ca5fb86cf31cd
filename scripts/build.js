#!/usr/bin/env node
// Transpiles the kit to dist/ with esbuild (types are checked separately by `npm run typecheck`).
// One file in, one file out, same layout: synth runs plain JavaScript, no ts-node.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const outdir = path.join(root, 'dist');

function walk(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const entryPoints = [path.join(root, 'main.ts'), ...['lib', 'stacks', 'scripts'].flatMap((d) => walk(path.join(root, d)))];

esbuild.buildSync({
  entryPoints,
  outdir,
  outbase: root,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
});

/**
 * A module the bundle requires at start but calls only in rare cases (archiver: CDKTF zips an
 * asset folder with it, and the kit's assets are files), replaced by a function that requires
 * it from node_modules on its first call: the bundle neither carries nor starts it.
 */
function loadedOnFirstCall(name) {
  return {
    name: `loaded-on-first-call:${name}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${name}$`) }, (args) => ({
        path: require.resolve(name, { paths: [args.resolveDir] }),
        namespace: 'loaded-on-first-call',
      }));
      // What the stand-in requires stays a runtime require, of the module's own file.
      build.onResolve({ filter: /.*/, namespace: 'loaded-on-first-call' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'loaded-on-first-call' }, (args) => ({
        contents: `module.exports = (...args) => require(${JSON.stringify(args.path)})(...args);`,
        loader: 'js',
      }));
    },
  };
}

// The app CDKTF runs (`node dist/main.js`, cdktf.json) is main.ts bundled with what it loads,
// started through V8's code cache (lib/code-cache.ts): no module resolution, no recompiling.
// Google Cloud's provider bindings stay outside: they load from node_modules for a GCP spec only.
// esbuild itself is loaded only to rebuild a stale function bundle.
async function bundleApp() {
  const bundle = path.join(outdir, 'main.bundle.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'main.ts')],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['esbuild', '@cdktf/provider-google', '@cdktf/provider-google-beta'],
    plugins: [loadedOnFirstCall('archiver')],
    sourcemap: false,
    logLevel: 'warning',
  });
  const hash = crypto.createHash('sha256').update(fs.readFileSync(bundle)).digest('hex').slice(0, 16);
  for (const stale of fs.readdirSync(outdir).filter((f) => f.startsWith('.main.bundle.js.') && !f.includes(hash))) {
    fs.rmSync(path.join(outdir, stale), { force: true });
  }
  fs.writeFileSync(
    path.join(outdir, 'main.js'),
    [
      '#!/usr/bin/env node',
      '// Written by scripts/build.js: runs main.bundle.js (main.ts and what it loads) through the code cache.',
      "'use strict';",
      '// V8 rejects a code cache made under other flags: the heap cap main.ts sets is set before compiling.',
      "require('./lib/heap-growth').capHeapGrowth();",
      `require('./lib/code-cache').runWithCodeCache(require('path').join(__dirname, 'main.bundle.js'), '${hash}');`,
      '',
    ].join('\n'),
  );
}

// Extra build steps (e.g. bundling a Lambda handler) register themselves as hooks.
function runHooks() {
  const hooks = path.join(root, 'scripts', 'build-hooks');
  if (!fs.existsSync(hooks)) return;
  for (const hook of fs.readdirSync(hooks).filter((f) => f.endsWith('.js')).sort()) {
    require(path.join(hooks, hook))({ root, outdir });
  }
}

bundleApp()
  .then(runHooks)
  .catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
