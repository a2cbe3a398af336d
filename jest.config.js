/** Two projects: node (core, adapters, functions, emulator, scripts) and the mini program's pages (tests in test/miniprogram/). */
/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
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
