import nunjucks from 'nunjucks';
import { EXTRA_FILTERS, EXTRA_GLOBALS } from './filters-extra.js';
import { sequenceFilters } from './filters-seq.js';
import { STRING_FILTERS } from './filters-str.js';
import { JINJA_GLOBALS } from './globals.js';
import { JINJA_TESTS } from './tests.js';

/**
 * A nunjucks Environment used as the registry of our filters, tests and globals (Jinja's, with Python
 * behaviour, replacing nunjucks' JavaScript ones). Templates are JinjaTemplates compiled against it.
 */

interface Registry {
  filters: Record<string, unknown>;
  tests: Record<string, unknown>;
  globals: Record<string, unknown>;
  getFilter(name: string): (...args: unknown[]) => unknown;
  getTest(name: string): (...args: unknown[]) => unknown;
  addTest(name: string, fn: (...args: unknown[]) => unknown): void;
}

export function createJinjaEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
  const reg = env as unknown as Registry;
  reg.filters = {};
  reg.tests = {};
  reg.globals = {};
  const filters = { ...STRING_FILTERS, ...EXTRA_FILTERS, ...sequenceFilters(reg) };
  for (const [name, fn] of Object.entries(filters)) env.addFilter(name, fn as (...a: unknown[]) => unknown);
  env.addFilter('d', filters.default as (...a: unknown[]) => unknown);
  for (const [name, fn] of Object.entries(JINJA_TESTS)) reg.addTest(name, fn as (...a: unknown[]) => unknown);
  reg.addTest('filter', (name: unknown) => typeof name === 'string' && Object.hasOwn(reg.filters, name));
  reg.addTest('test', (name: unknown) => typeof name === 'string' && Object.hasOwn(reg.tests, name));
  for (const [name, value] of Object.entries({ ...JINJA_GLOBALS, ...EXTRA_GLOBALS })) env.addGlobal(name, value);
  return env;
}
