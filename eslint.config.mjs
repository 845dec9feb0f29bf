import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'examples/**', 'out/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Only the extension shell talks to VS Code: the core and the CLI never import it.
    files: ['src/**/*.ts'],
    ignores: ['src/extension/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension/ may import vscode.' }] }],
    },
  },
  {
    // The rules judge facts; they never gather them. No file, process, network, database driver
    // or reader module here (types from them are fine): see CONTRIBUTING.md, "The flow".
    files: [
      'src/core/stacks/*/*Rules.ts',
      'src/core/stacks/*/*Fixes.ts',
      'src/core/problems/**/*.ts',
      'src/core/facts/**/*.ts',
      'src/core/fixes/build/**/*.ts',
      'src/core/report/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'node:fs',
            'fs/promises',
            'node:fs/promises',
            'child_process',
            'node:child_process',
            'net',
            'node:net',
            'mysql2',
            'mysql2/promise',
            'pg',
            'sql.js',
            'vscode',
          ].map((name) => ({ name, message: "Rules do no I/O: gather it in the stack's facts.", allowTypeImports: true })),
          patterns: [
            {
              group: [
                '**/read/sqlite/*',
                '**/read/live/*',
                '**/read/findFiles',
                '**/read/regularFile',
                '**/sqljs/*',
                '**/fixes/apply/**',
                '**/*Facts',
                '**/*Proofs',
                '**/prismaMigrationsFolder',
                '**/laravelHistory',
              ],
              message: "Rules do no I/O: gather it in the stack's facts.",
              allowTypeImports: true,
              caseSensitive: true,
            },
          ],
        },
      ],
    },
  },
);
