// Build hook: bundles the built-in rotation function (lib/aws/rotation/handler.ts and every
// dependency, the AWS SDK included) into one index.js, and zips it deterministically into
// dist/assets/rotation.zip. `node scripts/build.js` runs it before every synth; the rotation
// construct runs it too when the zip is missing or older than its sources (e.g. under jest).
'use strict';
const path = require('path');
const { functionBundleHook } = require('../lib/function-bundle');

// The zip Lambda receives: one entry, `index.js`.
const buildRotation = functionBundleHook({
  entry: path.join('lib', 'aws', 'rotation', 'handler.ts'),
  zip: path.join('assets', 'rotation.zip'),
});

module.exports = buildRotation;
module.exports.buildRotation = buildRotation;
module.exports.bundleRotation = buildRotation.bundle;
module.exports.rotationZip = buildRotation.archive;
