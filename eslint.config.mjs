// Lint rules, including the layer boundary: the HTTP layer (routes, middleware, views) never reaches the
// database directly; it goes through domain services.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'prisma/generated/', 'dist/', 'dist.*/', 'data/', 'artifacts/', 'test/.tmp/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/http/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/prisma/generated/**', '@prisma/*'], message: 'The HTTP layer calls domain services; it does not use Prisma directly.' },
            { group: ['**/db/client'], message: 'The HTTP layer calls domain services; it does not query the database.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='db']", message: 'The HTTP layer calls domain services; it does not query ctx.db.' },
      ],
    },
  },
);
