/**
 * Rung 6: deploys into a local moto server. One suite at a time (each starts its own server
 * and runs terraform), with timeouts long enough for a real apply and destroy.
 */
const unit = require('./jest.config');

// The AWS SDK warns once per process that Node 20 support ends in 2027; it says nothing about the kit.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

module.exports = {
  ...unit,
  roots: ['<rootDir>/test/emulator'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300_000,
  maxWorkers: 1,
};
