// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'build/',
      'web/dist/',
      'test-output/',
      'bench/.data/',
      'deploy/.build/',
      // Compiled by scripts/compile-js.mjs from the sources beside them.
      'src/**/*.ts.mjs',
      // AssemblyScript (compiled to WebAssembly by scripts/build-kernel.ts, not by tsc).
      '**/*.as.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      curly: ['error', 'all'],
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The core never imports an adapter, and model/ stays free of Node built-ins.
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '../sources/*', '../server/*', '../cli/*'],
              message: 'model/ is pure: no I/O, no adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sources/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='readFileSync']",
          message: 'Stream inputs; never read a whole log into memory.',
        },
        {
          selector: "CallExpression[callee.property.name='gunzipSync']",
          message: 'Use the capped streaming gunzip in decode/compression.ts.',
        },
      ],
    },
  },
  {
    // The browser imports only the protocol from src/ (types and pure helpers).
    files: ['web/**/*.ts'],
    ignores: ['web/**/*.test.ts', 'web/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!protocol/)',
              message: 'web/ may import only src/protocol/ from src/.',
            },
            { group: ['node:*'], message: 'web/ runs in the browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bin/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
