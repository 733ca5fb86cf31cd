// Build hook: bundles the GCP built-in rotator (lib/gcp/rotation/handler.ts and what it imports)
// into one index.js with a package.json naming it, and zips both deterministically into
// dist/assets/gcp-rotation.zip, the source Cloud Run functions builds from. `node scripts/build.js`
// runs it before every synth; the rotator construct runs it when the zip is missing or stale.
'use strict';
const path = require('path');
const { functionBundleHook } = require('../lib/function-bundle');

// A package.json without dependencies: the bundle has them all.
const manifest = JSON.stringify({ name: 'secrets-platform-kit-rotator', private: true, main: 'index.js', engines: { node: '22' } }, null, 2);

const buildGcpRotation = functionBundleHook({
  entry: path.join('lib', 'gcp', 'rotation', 'handler.ts'),
  zip: path.join('assets', 'gcp-rotation.zip'),
  extraFiles: [{ name: 'package.json', data: Buffer.from(`${manifest}\n`) }],
});

module.exports = buildGcpRotation;
module.exports.buildGcpRotation = buildGcpRotation;
module.exports.bundleGcpRotation = buildGcpRotation.bundle;
module.exports.gcpRotationZip = buildGcpRotation.archive;
