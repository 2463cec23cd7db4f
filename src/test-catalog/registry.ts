import type { MacroFile } from '../template/index.js';
import { acceptedRange } from './builtin/accepted-range.js';
import { acceptedValues } from './builtin/accepted-values.js';
import { equalRowCount } from './builtin/equal-row-count.js';
import { expressionIsTrue } from './builtin/expression-is-true.js';
import { notEmptyString } from './builtin/not-empty-string.js';
import { notNull } from './builtin/not-null.js';
import { recency } from './builtin/recency.js';
import { relationships } from './builtin/relationships.js';
import { rowCount } from './builtin/row-count.js';
import { SUPPORT_MACROS } from './builtin/support-macros.js';
import { uniqueCombination } from './builtin/unique-combination.js';
import { unique } from './builtin/unique.js';
import type { BuiltinTest } from './types.js';

/** tsmodel's generic tests: one entry (and one file) each. */
export const BUILTIN_TESTS: readonly BuiltinTest[] = [
  notNull,
  unique,
  acceptedValues,
  relationships,
  acceptedRange,
  expressionIsTrue,
  uniqueCombination,
  notEmptyString,
  rowCount,
  equalRowCount,
  recency,
];

const BY_NAME = new Map<string, BuiltinTest>();
for (const t of BUILTIN_TESTS) for (const n of [t.name, ...(t.aliases ?? [])]) BY_NAME.set(n, t);

/** A built-in test by its name or one of its aliases. */
export function builtinTest(name: string): BuiltinTest | undefined {
  return BY_NAME.get(name);
}

/** Every name a built-in answers to (for "did you mean …?"). */
export function builtinTestNames(): string[] {
  return [...BY_NAME.keys()];
}

/** The built-in test macros, for the renderer; a project's `{% test %}` of the same name overrides one. */
export const BUILTIN_TEST_MACROS: readonly MacroFile[] = [
  { path: '<builtin>/tests/support.sql', builtin: true, source: SUPPORT_MACROS },
  ...BUILTIN_TESTS.map((t) => ({ path: `<builtin>/tests/${t.name}.sql`, builtin: true, source: t.macros })),
];
