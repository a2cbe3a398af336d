// Jest project for the mini program (pages, services, app). Used from the root jest.config.js as
// `projects: [..., '<rootDir>/miniprogram/jest.config.js']`; it can also run alone: `npx jest -c miniprogram/jest.config.js`.
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'miniprogram',
  rootDir: '..',
  roots: ['<rootDir>/miniprogram'],
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  // pages import the codec from lib/scene/ (copied there by the build); tests use the source, so no build is needed
  moduleNameMapper: { '^(?:\\.{1,2}/)+lib/scene/(.*)$': '<rootDir>/src/core/scene/codec/$1' },
  modulePathIgnorePatterns: ['<rootDir>/miniprogram/lib/'],
  // its own tsconfig: mini program globals (wx, Page) come from miniprogram-api-typings, not @types/node
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/miniprogram/tsconfig.jest.json' }] },
};
