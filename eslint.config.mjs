// ESLint 9 flat config: the recommended JavaScript and typescript-eslint sets, and the import-boundary
// rule (eslint/boundaries.mjs) that keeps each room of src/ behind its door. `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from './eslint/boundaries.mjs';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', '.data/**', 'coverage/**', 'src/client/generated/**', 'bench/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { boundaries },
    rules: {
      'boundaries/enter-through-door': 'error',
      // Decorated classes, federation reference resolvers and third-party callbacks take `any` at the edges.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Pure rules: no ORM, no GraphQL, no HTTP.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@mikro-orm/*', 'graphql', 'type-graphql', '@apollo/*', 'node:http'],
              message: 'src/domain holds pure rules: no ORM, GraphQL or HTTP.',
            },
            { group: ['../../*', '!../../domain', '!../../domain/**'], message: 'src/domain imports only from src/domain.' },
          ],
        },
      ],
    },
  },
  {
    // The shared read model is GraphQL-free.
    files: ['src/reference/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['graphql', 'type-graphql', '@apollo/*', '**/graphql/*', '**/subgraphs', '**/subgraphs/**'],
              message: 'src/reference is GraphQL-free and below the subgraphs.',
            },
          ],
        },
      ],
    },
  },
);
