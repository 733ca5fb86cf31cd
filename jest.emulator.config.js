/**
 * Rung 6: deploys into a local moto server, with timeouts long enough for a real apply and
 * destroy. Two suites at a time: each starts its own server on a free port and works in its own
 * folder (test/support/emulator.ts), and most of a deploy is spent waiting on Terraform and
 * the emulator, so a second suite fills the wait. The kit is built once, before any suite.
 */
const unit = require('./jest.config');

// The AWS SDK warns once per process that Node 20 support ends in 2027; it says nothing about the kit.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

module.exports = {
  ...unit,
  roots: ['<rootDir>/test/emulator'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300_000,
  globalSetup: '<rootDir>/test/emulator/global-setup.js',
  maxWorkers: 2,
};
