/**
 * Generic tests as data in run mode (issue #19): a built-in `not_null` or
 * `unique` whose arguments are literals (it has a render shape, see
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
  String.raw`^\{\{ (test_not_null|test_unique)\(model=get_where_subquery\((ref|source)\((${VAR}(?:, ${VAR})?)\)\), ` +
    String.raw`column_name=(${VAR})\) \}\}$`,
);

/** The names each test's render reaches (macros, and context names a macro could shadow). */
const REACHED: Readonly<Record<string, readonly string[]>> = {
  test_not_null: ['test_not_null', 'tsmodel_predicate_not_null'],
  test_unique: ['test_unique'],
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

/** The compiled SQL of a built-in test given as data, or undefined when only its render can tell. */
export function directTestSql(shape: TestShape, env: DirectTestEnv): string | undefined {
  const m = CALL.exec(shape.text);
  if (!m) return undefined;
  const macro = m[1]!;
  if ([...REACHED[macro]!, ...SUPPORT].some((n) => env.overridden(n))) return undefined;
  if (![...REACHED[macro]!, SUPPORT[0]!].every((n) => env.builtin(n))) return undefined;
  const kind = m[2] as 'ref' | 'source';
  const args = m[3]!.split(', ').map((v) => shape.values[v]);
  if (args.length !== (kind === 'ref' ? 1 : 2) || !args.every((a) => typeof a === 'string')) return undefined;
  const column = shape.values[m[4]!];
  if (typeof column !== 'string') return undefined;
  let model = env.relation(kind, args as string[]);
  if (model === undefined) return undefined;
  const { where } = env;
  if (where !== undefined && where !== null && typeof where !== 'string') return undefined;
  if (where) model = `(select * from ${model} where ${where}) dbt_subquery`;
  return macro === 'test_not_null'
    ? `select *\nfrom ${model}\nwhere ${column} is null`
    : `select ${column} as unique_field, count(*) as n_records\nfrom ${model}\n` +
        `where ${column} is not null\ngroup by ${column}\nhaving count(*) > 1`;
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
