// Build hook: bundles the GCP built-in rotator (lib/gcp/rotation/handler.ts and what it imports)
// into one index.js with a package.json naming it, and zips both deterministically into
// dist/assets/gcp-rotation.zip, the source Cloud Run functions builds from. `node scripts/build.js`
// runs it before every synth; the rotator construct runs it when the zip is missing or stale.
'use strict';
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');
const { deterministicZip } = require('../lib/deterministic-zip');

const ENTRY = path.join('lib', 'gcp', 'rotation', 'handler.ts');
const ZIP = path.join('assets', 'gcp-rotation.zip');

/** The bundle's bytes: same sources and esbuild version, same bytes. */
function bundleGcpRotation(root) {
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    // The runtime the construct deploys (nodejs22).
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

/** The source archive: `index.js` and a package.json without dependencies (the bundle has them all). */
function gcpRotationZip(root) {
  const manifest = JSON.stringify({ name: 'secrets-platform-kit-rotator', private: true, main: 'index.js', engines: { node: '22' } }, null, 2);
  return deterministicZip([
    { name: 'index.js', data: bundleGcpRotation(root) },
    { name: 'package.json', data: Buffer.from(`${manifest}\n`) },
  ]);
}

/** Writes `{outdir}/assets/gcp-rotation.zip` atomically. */
function buildGcpRotation({ root, outdir }) {
  const target = path.join(outdir, ZIP);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, gcpRotationZip(root));
  fs.renameSync(temp, target);
  return target;
}

module.exports = buildGcpRotation;
module.exports.buildGcpRotation = buildGcpRotation;
module.exports.gcpRotationZip = gcpRotationZip;
module.exports.ROTATION_ZIP = ZIP;
module.exports.ROTATION_SOURCES = path.dirname(ENTRY);
