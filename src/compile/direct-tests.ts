/**
 * Generic tests as data in run mode (issue #19): a built-in `not_null`,
 * `unique` or `accepted_values` (of strings) whose arguments are literals (it has a render shape, see
 * test-catalog/test-shape.ts) gets the SQL its macro render produces, built
 * from the test's definition without a render. Any doubt returns undefined
 * and the test renders as before: a macro the render reaches defined anywhere
 * but tsmodel's built-ins (project, package), a shape other than the plain
 * call, a `where` config that is not text, a relation not found.
 * direct-tests.test.ts renders every case both ways and compares.
 */
import type { ProjectNode } from '../parse/index.js';

type TestShape = NonNullable<ProjectNode['renderShape']>;

const VAR = String.raw`__tsmodel_a\d+`;
const CALL = new RegExp(
  String.raw`^\{\{ (test_\w+)\(model=get_where_subquery\((ref|source)\((${VAR}(?:, ${VAR})?)\)\)` +
    String.raw`((?:, \w+=${VAR})*)\) \}\}$`,
);

/** The names each test's render reaches (macros, and context names a macro could shadow). */
const REACHED: Readonly<Record<string, readonly string[]>> = {
  test_not_null: ['test_not_null', 'tsmodel_predicate_not_null'],
  test_unique: ['test_unique'],
  test_accepted_values: ['test_accepted_values', 'tsmodel_predicate_accepted_values'],
};
const SUPPORT = ['get_where_subquery', 'ref', 'source', 'config', 'return'];

/** What a direct test needs of its compile. */
export interface DirectTestEnv {
  /** Whether a name is a macro defined outside tsmodel's built-ins (the project's, a package's). */
  overridden(name: string): boolean;
  /** Whether tsmodel's built-ins define a macro of that name. */
  builtin(name: string): boolean;
  /** The printed relation ref(name) or source(a, b) gives the test, or undefined (the render reports why). */
  relation(kind: 'ref' | 'source', args: readonly string[]): string | undefined;
  /** The test's `where` config. */
  where: unknown;
}

/** accepted_values' predicate for a list of strings (quote: a boolean), or undefined. */
function notIn(column: string, values: unknown, quote: unknown): string | undefined {
  if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) return undefined;
  if (quote !== undefined && typeof quote !== 'boolean') return undefined;
  const q = quote ?? true;
  return `${column} not in (${values.map((v: string) => (q ? `'${v.replaceAll("'", "''")}'` : v)).join(', ')})`;
}

/** The body of the test given its arguments, or undefined. */
function testBody(macro: string, model: string, args: Readonly<Record<string, unknown>>): string | undefined {
  const names = Object.keys(args);
  const column = args.column_name;
  if (typeof column !== 'string') return undefined;
  if (macro === 'test_not_null' && names.length === 1) return `select *\nfrom ${model}\nwhere ${column} is null`;
  if (macro === 'test_unique' && names.length === 1)
    return (
      `select ${column} as unique_field, count(*) as n_records\nfrom ${model}\n` +
      `where ${column} is not null\ngroup by ${column}\nhaving count(*) > 1`
    );
  if (macro !== 'test_accepted_values' || !names.every((n) => ['column_name', 'values', 'quote'].includes(n)))
    return undefined;
  const predicate = notIn(column, args.values, args.quote);
  return predicate && `select *\nfrom ${model}\nwhere ${predicate}`;
}

/** The compiled SQL of a built-in test given as data, or undefined when only its render can tell. */
export function directTestSql(shape: TestShape, env: DirectTestEnv): string | undefined {
  const m = CALL.exec(shape.text);
  const reached = m && REACHED[m[1]!];
  if (!reached) return undefined;
  if ([...reached, ...SUPPORT].some((n) => env.overridden(n))) return undefined;
  if (![...reached, SUPPORT[0]!].every((n) => env.builtin(n))) return undefined;
  const kind = m[2] as 'ref' | 'source';
  const target = m[3]!.split(', ').map((v) => shape.values[v]);
  if (target.length !== (kind === 'ref' ? 1 : 2) || !target.every((a) => typeof a === 'string')) return undefined;
  const args: Record<string, unknown> = {};
  for (const [, k, v] of m[4]!.matchAll(new RegExp(String.raw`, (\w+)=(${VAR})`, 'g'))) args[k!] = shape.values[v!];
  let model = env.relation(kind, target as string[]);
  if (model === undefined) return undefined;
  const { where } = env;
  if (where !== undefined && where !== null && typeof where !== 'string') return undefined;
  if (where) model = `(select * from ${model} where ${where}) dbt_subquery`;
  return testBody(m[1]!, model, args);
}

/** The names of macros defined outside tsmodel's built-ins, and those of its built-ins. */
export function macroOrigins(macros: Iterable<{ name: string; path: string }>): {
  overridden: Set<string>;
  builtin: Set<string>;
} {
  const overridden = new Set<string>();
  const builtin = new Set<string>();
  for (const m of macros) (m.path.startsWith('<builtin>/') ? builtin : overridden).add(m.name);
  return { overridden, builtin };
}
