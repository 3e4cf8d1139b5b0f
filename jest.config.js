/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
const common = {
  transform: { '^.+\\.ts$': tsJest },
  // Node's environment, which also stops and names whatever a suite left running (test/support/environment.ts).
  testEnvironment: '<rootDir>/test/support/environment.ts',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  // The path aliases of tsconfig.json (packages by name, never by a relative path out of their folder).
  moduleNameMapper: {
    '^@onewindow/(activities|workflows)(/.*)?$': '<rootDir>/$1$2',
    '^@onewindow/(api|worker)/(.*)$': '<rootDir>/apps/$1/src/$2',
    '^@onewindow/(stack|console)/(.*)$': '<rootDir>/apps/$1/$2',
    '^@onewindow/(test|bench)/(.*)$': '<rootDir>/$1/$2',
    '^@onewindow/(.*)$': '<rootDir>/libs/$1',
  },
};
module.exports = {
  // Real servers (Postgres, Temporal dev server) start once per run; see test/support/global-setup.ts.
  transform: common.transform,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 180000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/**/*.unit.test.ts'] },
    {
      ...common,
      displayName: 'workflow',
      testMatch: ['<rootDir>/**/*.workflow.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
    {
      ...common,
      displayName: 'console',
      testMatch: ['<rootDir>/test/console/*.console.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/**/*.e2e.test.ts'],
      setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
    },
  ],
};
