// Jest project for the mini program's tests (pages, services, app). They live here, outside miniprogram/, because
// DevTools' TypeScript plugin compiles every .ts under miniprogram/ and these import node:fs, jest and ../../src.
// Used from the root jest.config.js as a project; it can also run alone: `npx jest -c test/miniprogram/jest.config.js`.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'miniprogram',
  rootDir: '../..',
  roots: ['<rootDir>/test/miniprogram'],
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  // pages import the page helpers from wxacode/ (written there by the build as `add` writes them); tests use the
  // source, so no build is needed
  moduleNameMapper: { '^(?:\\.{1,2}/)+(?:miniprogram/)?wxacode/(.*)$': '<rootDir>/src/page-helpers/$1' },
  modulePathIgnorePatterns: ['<rootDir>/miniprogram/wxacode/'],
  // its own tsconfig: mini program globals (wx, Page) come from miniprogram-api-typings, not only @types/node
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/miniprogram/tsconfig.json' }] },
};
