import js from '@eslint/js';
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
