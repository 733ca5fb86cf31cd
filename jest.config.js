/** Transpile-only (tsconfig's isolatedModules): types are checked once by `npm run typecheck`, not per test file. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Rung 6 (deploys into an emulator) has its own config: jest.emulator.config.js.
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/cdktf.out/', '<rootDir>/test/emulator/'],
};
