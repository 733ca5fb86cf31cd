// One bundler for the built-in functions: an entry file and everything it imports (SDKs
// included) become one minified index.js, zipped deterministically with any extra files the
// runtime needs. The build hooks in scripts/build-hooks/ each declare one bundle with it; it
// lives here, not there, because scripts/build.js runs every file in that folder as a hook.
'use strict';
const fs = require('fs');
const path = require('path');
const { deterministicZip } = require('./deterministic-zip');

/** The bundle's bytes: same sources and esbuild version, same bytes. */
function bundleEntry(root, entry) {
  // Required here: a synth whose zips are fresh (every one after `npm run build`) never loads it.
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    // The runtime both clouds' constructs deploy: Lambda nodejs22.x, Cloud Run functions nodejs22.
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    sourcemap: false,
    charset: 'utf8',
    write: false,
    outfile: 'index.js',
    logLevel: 'warning',
  });
  return Buffer.from(result.outputFiles[0].contents);
}

/** Writes `data` to `target` atomically (parallel builds never see half a file). */
function writeAtomically(target, data) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, target);
  return target;
}

/**
 * A build hook `({ root, outdir }) => zipPath` for one function, with the pieces tests and the
 * constructs use attached: `bundle(root)` (index.js bytes), `archive(root)` (zip bytes),
 * `ROTATION_ZIP` (the zip's path under outdir) and `ROTATION_SOURCES` (the folder whose changes
 * make the zip stale).
 * @param {{ entry: string, zip: string, extraFiles?: readonly { name: string, data: Buffer }[] }} options
 *   `entry` and `zip` relative to the project root and outdir; `extraFiles` go beside index.js
 *   (default: none).
 */
function functionBundleHook({ entry, zip, extraFiles = [] }) {
  const bundle = (root) => bundleEntry(root, entry);
  const archive = (root) => deterministicZip([{ name: 'index.js', data: bundle(root) }, ...extraFiles]);
  const hook = ({ root, outdir }) => writeAtomically(path.join(outdir, zip), archive(root));
  return Object.assign(hook, { bundle, archive, ROTATION_ZIP: zip, ROTATION_SOURCES: path.dirname(entry) });
}

module.exports = { functionBundleHook, bundleEntry };
