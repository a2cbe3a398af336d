/** Two projects: node (core, adapters, functions, emulator, scripts) and the mini program's pages (tests in test/miniprogram/). */
/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  // two workers on this 2-core machine: most of the suite's wall time is e2e tests waiting out emulated rate limits
  // and QPS windows (5.5 min of CPU in a 9 min serial run), which a second worker overlaps with CPU-bound suites
  maxWorkers: 2,
  projects: [
    {
      displayName: 'node',
      rootDir: __dirname,
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/scripts'],
      testMatch: ['**/*.test.ts'],
      // fixture projects of `add` (their package.json files are not this repository's modules)
      modulePathIgnorePatterns: ['<rootDir>/src/installer/__fixtures__/', '<rootDir>/src/cli/__fixtures__/'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
    },
    '<rootDir>/test/miniprogram/jest.config.js',
  ],
};
