// Build hook: bundles the built-in rotation function (lib/aws/rotation/handler.ts and every
// dependency, the AWS SDK included) into one index.js, and zips it deterministically into
// dist/assets/rotation.zip. `node scripts/build.js` runs it before every synth; the rotation
// construct runs it too when the zip is missing or older than its sources (e.g. under jest).
'use strict';
const fs = require('fs');
const path = require('path');
const { deterministicZip } = require('../lib/deterministic-zip');

const ENTRY = path.join('lib', 'aws', 'rotation', 'handler.ts');
const ZIP = path.join('assets', 'rotation.zip');

/** The bundle's bytes: same sources and esbuild version, same bytes. */
function bundleRotation(root) {
  // Required here: a synth whose zip is fresh (every one after `npm run build`) never loads it.
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    // The Lambda runtime the construct deploys (nodejs22.x).
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

/** The zip Lambda receives: one entry, `index.js`. */
function rotationZip(root) {
  return deterministicZip([{ name: 'index.js', data: bundleRotation(root) }]);
}

/** Writes `{outdir}/assets/rotation.zip` atomically (parallel builds never see half a file). */
function buildRotation({ root, outdir }) {
  const target = path.join(outdir, ZIP);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, rotationZip(root));
  fs.renameSync(temp, target);
  return target;
}

module.exports = buildRotation;
module.exports.buildRotation = buildRotation;
module.exports.bundleRotation = bundleRotation;
module.exports.rotationZip = rotationZip;
module.exports.ROTATION_ZIP = ZIP;
module.exports.ROTATION_SOURCES = path.dirname(ENTRY);
