/** The quality dimensions of the architecture document; every test scores in exactly one. */
export const DIMENSIONS = ['completeness', 'uniqueness', 'validity', 'consistency', 'referential_integrity'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * One built-in generic test: an entry of the registry, one file each.
 * Its SQL is a Jinja macro (`{% test name(model, column_name, …) %}`), so a
 * project macro of the same name replaces it, as in dbt.
 */
export interface BuiltinTest {
  name: string;
  /** Other names it answers to (dbt_utils spellings, e.g. equal_rowcount). */
  aliases?: readonly string[];
  dimension: Dimension;
  /** Whether it tests one column (declared under `columns:` or given `column_name`). */
  needsColumn: boolean;
  /** Argument spellings mapped to the macro's (min_value → min). */
  argAliases?: Readonly<Record<string, string>>;
  /** Arguments that must be given; an inner list means "one of these". */
  required?: readonly (string | readonly string[])[];
  /** The macro file: the test itself, and its predicate / evaluated-rows macros if any. */
  macros: string;
  /**
   * Row-level tests: the name of a macro `(column_name, …args)` returning the
   * SQL condition true for a failing row. The test macro is `select * from model
   * where <predicate>`, so several such tests of one relation can share a scan.
   */
  predicateMacro?: string;
  /** A macro `(model, …args)` rendering a query that counts the rows evaluated (default: count(*) of model). */
  evaluatedMacro?: string;
  /** How failures are counted from the failing rows (dbt's fail_calc); default count(*). */
  failCalc?: string;
  /** Checks argument values; returns a problem or undefined. */
  check?(args: Readonly<Record<string, unknown>>): string | undefined;
}
