import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import relais from './eslint/relais-boundaries.js';

const nodeGlobals = { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' };

export default tseslint.config(
  {
    // web/src/api/schema.d.ts is generated (scripts/api-types.mjs).
    ignores: [
      'node_modules',
      'data',
      'web/dist',
      'test-results',
      'playwright-report',
      'scratch',
      'server/migrations',
      'web/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Fastify plugins are async functions by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The server's layers and the feature folders' independence (eslint/relais-boundaries.js).
    files: ['server/src/**/*.ts'],
    plugins: { relais },
    rules: { 'relais/layers': 'error', 'relais/no-folder-cycle': 'error' },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: nodeGlobals } },
);
