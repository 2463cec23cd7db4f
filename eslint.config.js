// ESLint: JavaScript's and typescript-eslint's recommended rules, and the folder boundaries of
// ARCHITECTURE.md (which folder of src/ may import which), enforced with no-restricted-imports.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What each folder of src/ may import besides itself (ARCHITECTURE.md, "Folders"). Tests may import anything. */
const MAY_IMPORT = {
  errors: [],
  sql: [],
  util: [],
  secrets: [],
  config: ['errors', 'secrets'],
  events: ['errors'],
  project: ['config', 'errors'],
  template: ['config', 'errors', 'secrets'],
  'test-catalog': ['errors', 'template'],
  parse: ['config', 'errors', 'project', 'template', 'test-catalog'],
  adapters: ['config', 'errors', 'parse'],
  graph: ['errors', 'parse'],
  select: ['errors', 'graph', 'parse'],
  lineage: ['errors', 'parse'],
  materialize: ['adapters', 'errors', 'parse'],
  compile: ['errors', 'graph', 'materialize', 'parse', 'template'],
  'data-tests': ['adapters', 'errors', 'parse', 'template', 'test-catalog'],
  'unit-tests': ['adapters', 'compile', 'config', 'errors', 'graph', 'materialize', 'parse', 'project', 'template'],
  execute: [
    'adapters',
    'compile',
    'data-tests',
    'errors',
    'graph',
    'materialize',
    'parse',
    'project',
    'template',
    'unit-tests',
  ],
  artifacts: ['data-tests', 'errors', 'events', 'graph', 'parse', 'secrets', 'unit-tests'],
  packages: ['config', 'errors', 'project'],
  web: ['errors'],
  docs: ['data-tests', 'errors', 'graph', 'lineage', 'parse', 'select', 'web'],
  dashboard: ['errors', 'web'],
  generate: ['errors'],
  api: [
    'adapters',
    'artifacts',
    'compile',
    'config',
    'dashboard',
    'data-tests',
    'docs',
    'errors',
    'events',
    'execute',
    'generate',
    'graph',
    'lineage',
    'materialize',
    'parse',
    'packages',
    'project',
    'secrets',
    'select',
    'template',
    'test-catalog',
    'unit-tests',
  ],
  watch: ['adapters', 'api', 'compile', 'config', 'errors', 'events', 'graph', 'parse', 'project'],
  cli: ['api', 'config', 'errors', 'events', 'parse', 'secrets', 'watch'],
};
const FOLDERS = Object.keys(MAY_IMPORT);

function boundary(folder) {
  // sql/ (quoting, identifier limits) and util/ (helpers on plain values) are leaves every folder may use.
  const LEAVES = ['sql', 'util'];
  const banned = FOLDERS.filter((f) => f !== folder && !LEAVES.includes(f) && !MAY_IMPORT[folder].includes(f));
  const patterns = [
    {
      regex: `^(\\.\\./)+(${banned.join('|')})(/|$)`,
      message: `src/${folder}/ may import only ${MAY_IMPORT[folder].join(', ') || 'nothing of src/'} (ARCHITECTURE.md, "Folders").`,
    },
    { regex: '^(\\.\\./)+(bench|scripts)(/|$)', message: 'Shipped code does not import bench/ or scripts/.' },
  ];
  return {
    files: [`src/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts', '**/test-support/**', '**/__fixtures__/**'],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/.work/', 'target/', '**/__fixtures__/**', '**/__golden__/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A let assigned after closures that read it are made (watch/index.ts) is not a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  ...FOLDERS.map(boundary),
  {
    // An engine's suite must be declared even where it cannot run, so that it is counted as skipped.
    files: ['src/**/*.test.ts', 'bench/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name='describe'][callee.property.name='each'] > CallExpression.arguments[callee.name='testDatabaseKinds']",
          message:
            'Use describeEachDatabase(title, fn): describe.each(testDatabaseKinds()) drops the suites of a missing engine without a word.',
        },
      ],
    },
  },
);
