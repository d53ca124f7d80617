import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // The layers (docs/architecture.md): core < contract < engine < workers; the UI (ui, state)
  // talks to the engine only through src/ui/engine/client.ts. No layer imports from above, and
  // nothing but the engine touches tfjs. (Each file group lists every rule that applies to it:
  // a later no-restricted-imports entry replaces an earlier one.)
  ...layerRules(),
);

function layerRules() {
  const tfjs = { group: ['@tensorflow/*'], message: 'only src/engine and workers/ use tfjs' };
  const above = (layers, who) => ({
    group: layers.map((l) => `**/${l}/**`),
    message: `${who} may not import from ${layers.join(', ')} (docs/architecture.md: layers)`,
  });
  const rule = (files, patterns) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  });
  return [
    rule(
      ['src/core/**/*.ts'],
      [tfjs, above(['contract', 'engine', 'state', 'ui', 'workers'], 'src/core')],
    ),
    rule(
      ['src/contract/**/*.ts'],
      [tfjs, above(['engine', 'state', 'ui', 'workers'], 'src/contract')],
    ),
    rule(['src/engine/**/*.ts'], [above(['workers', 'ui', 'state'], 'src/engine')]),
    rule(
      ['src/ui/**/*.{ts,tsx}', 'src/state/**/*.ts'],
      [tfjs, above(['workers'], 'src/ui and src/state')],
    ),
  ];
}
