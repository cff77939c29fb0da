import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const PURE_MESSAGE =
  'src/model and src/search are the pure engine: they run unchanged in the worker, the CLI and tests, so they import no UI, state, worker, I/O or browser code.';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'coverage', 'test/fixtures', 'test/e2e/artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts', 'src/charts/**/*.ts', 'src/state/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/model/**/*.ts', 'src/search/**/*.ts', 'src/presets/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'react',
                'react-dom',
                'react-dom/*',
                'zustand',
                'zustand/*',
                'comlink',
                'recharts',
                'node:*',
                'fs',
                'path',
                '**/ui/**',
                '**/charts/**',
                '**/state/**',
                '**/url/**',
                '**/worker/**',
                '**/cli/**',
              ],
              message: PURE_MESSAGE,
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'self', 'navigator', 'location', 'history', 'performance', 'process'].map(
          (name) => ({ name, message: PURE_MESSAGE }),
        ),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The engine is deterministic: ' + PURE_MESSAGE },
        { object: 'Math', property: 'random', message: 'The engine is deterministic: ' + PURE_MESSAGE },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'test/**/*.{ts,mjs}', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
