// @ts-check
import eslint from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-bench/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'scripts/**',
      '*.config.js',
      '.dependency-cruiser.cjs',
      'eslint.config.mjs',
      'test/fixtures/**',
      'test-artifacts/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // The kernel's concern modules add to its open maps by declaration merging: `interface X extends Y {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // Nest resolves constructor parameters from emitted decorator metadata: a type-only import would erase it.
    files: ['apps/api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // Workflow code is replayed in a deterministic sandbox: no Node builtins, no Nest, no TypeORM, no activities' code.
    files: [
      'workflows/**/*.ts',
      'libs/case/**/*.ts',
      'libs/calendar/**/*.ts',
      'libs/catalog/**/*.ts',
      'libs/contract/**/*.ts',
    ],
    // shipped.ts reads the shipped catalogue files for the seed and the tests, bundle.ts describes the bundle for
    // the worker and the replayers: no workflow imports either.
    ignores: ['**/*.test.ts', 'libs/catalog/shipped.ts', 'workflows/bundle.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'workflow code must be deterministic: no Node builtins',
          })),
          patterns: [
            { group: ['@nestjs/*'], message: 'no Nest in workflow code' },
            { group: ['typeorm', 'pg'], message: 'no database access in workflow code: use an activity' },
            {
              group: ['@temporalio/worker', '@temporalio/client', '@temporalio/activity'],
              message: 'workflow code imports only @temporalio/workflow',
            },
            {
              group: ['**/activities', '**/activities/*', '**/persistence', '**/persistence/*', '**/apps/*'],
              message: 'workflows import activities as types only',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Pure business rules outside the workflow sandbox (they never replay, but take rows, calendar and time as
    // arguments all the same): no Node builtins, no Nest, no database, no Temporal.
    files: ['libs/supervision/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'pure rules take their data as arguments: no Node builtins',
          })),
          patterns: [
            { group: ['@nestjs/*'], message: 'no Nest in pure rules' },
            { group: ['typeorm', 'pg'], message: 'no database access in pure rules: the caller loads the rows' },
            { group: ['@temporalio/*'], message: 'no Temporal in pure rules' },
            {
              group: ['**/activities', '**/activities/*', '**/persistence', '**/persistence/*', '**/apps/*'],
              message: 'pure rules import no I/O code',
            },
          ],
        },
      ],
    },
  },
  {
    // The console (React in the browser): the two rules of hooks that catch real bugs.
    files: ['apps/console/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Generated from the OpenAPI document by apps/api/src/console-client/codegen.ts.
    files: ['apps/console/src/api/schema.d.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
