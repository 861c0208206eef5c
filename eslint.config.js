import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-electron',
      'node_modules',
      'test-results',
      'playwright-report',
      'fixtures/**/*.mjs',
      '.tmp',
      '**/.scratch*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // Parsers of binary and legacy text formats match control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/server/**', '**/db/**', 'node:*', 'better-sqlite3'],
              message: 'The renderer may import only core/shared and core/client.',
            },
          ],
        },
      ],
    },
  },
  // The architecture (docs/ARCHITECTURE.md): no import cycles anywhere; db/ is the data layer
  // under the core; SQL lives in db/ only.
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          noWarnOnMultipleProjects: true,
          project: ['tsconfig.json', 'renderer/tsconfig.json', 'electron/tsconfig.json'],
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/server/**', '**/core/client/**', '**/cli/**', '**/electron/**'],
              message:
                'db/ is the data layer: it may use core/shared types, never the core above it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['core/server/**/*.ts', 'cli/**/*.ts', 'electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['better-sqlite3', '**/db/sql.js', '**/db/internal/**'],
              message:
                'SQL stays in db/: services read and write through repositories (db/repo, db/queries).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/]',
          message: 'SQL stays in db/: use a repository function (db/repo, db/queries).',
        },
      ],
    },
  },
  {
    files: ['core/shared/**/*.ts', 'core/client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'better-sqlite3', '**/core/server/**', '**/db/**'],
              message:
                'core/shared and core/client run in the browser too: no Node, no server code.',
            },
          ],
        },
      ],
    },
  },
);
