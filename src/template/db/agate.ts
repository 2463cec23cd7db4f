import { pythonNative, tuple } from '../jinja/values.js';
import type { DbRows } from './types.js';

/**
 * What dbt's run_query and load_result(...).table return: an agate Table, as far as templates use it.
 * Rows and columns are tuples (index, iteration, `| length`) that also answer by name (`row['id']`, `row.id`,
 * `table.columns['id']`); a column's `values()` is the tuple of its values.
 */

const INT8 = 20;
const NUMERIC = 1700;

/** int8 and numeric arrive as text (agate reads them as Decimal): numbers here, text when a number would round. */
function cell(value: unknown, typeId: number): unknown {
  if (typeof value !== 'string' || (typeId !== INT8 && typeId !== NUMERIC)) return value;
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  if (typeId === INT8 && !Number.isSafeInteger(n)) return value;
  return n;
}

/** Defines name → value on a tuple without making it enumerable (it still prints and iterates as a tuple). */
function named<T>(items: T[], entries: [string, unknown][]): T[] {
  for (const [k, v] of entries) {
    if (/^\d+$/.test(k) || k === 'length' || Object.hasOwn(items, k)) continue;
    Object.defineProperty(items, k, { value: v, enumerable: false });
  }
  return items;
}

/** agate's MappedSequence methods: keys(), values(), items(), get(key, default), dict(). */
function mappedMethods(keys: string[], values: unknown[]): [string, unknown][] {
  const index = (k: unknown) => keys.indexOf(String(k));
  return [
    ['keys', pythonNative(() => tuple([...keys]))],
    ['values', pythonNative(() => tuple([...values]))],
    ['items', pythonNative(() => keys.map((k, i) => tuple([k, values[i]])))],
    ['get', pythonNative((k: unknown, d: unknown = null) => (index(k) >= 0 ? values[index(k)] : d))],
    ['dict', pythonNative(() => Object.fromEntries(keys.map((k, i) => [k, values[i]])))],
  ];
}

function makeRow(names: string[], values: unknown[]): unknown[] {
  const byName = names.map((n, i) => [n, values[i]] as [string, unknown]).filter(([n], i) => names.indexOf(n) === i);
  return named(tuple([...values]), [...mappedMethods(names, values), ...byName]);
}

function makeColumn(name: string, index: number, typeId: number, values: unknown[]): unknown[] {
  const distinct = () => tuple([...new Set(values)]);
  return named(tuple([...values]), [
    ['name', name],
    ['index', index],
    ['data_type', typeId],
    ['values', pythonNative(() => tuple([...values]))],
    ['values_distinct', pythonNative(distinct)],
    ['values_without_nulls', pythonNative(() => tuple(values.filter((v) => v !== null)))],
  ]);
}

export class AgateTable {
  readonly column_names: string[];
  readonly column_types: number[];
  readonly rows: unknown[][];
  readonly columns: unknown[][];

  constructor(
    result: DbRows,
    private readonly log: (text: string) => void = () => {},
  ) {
    const names = result.fields.map((f) => f.name);
    const types = result.fields.map((f) => f.dataTypeID);
    const data = result.rows.map((r) => r.map((v, i) => cell(v, types[i] ?? 0)));
    this.column_names = tuple(names);
    this.column_types = tuple(types);
    this.rows = tuple(data.map((r) => makeRow(names, r)));
    const cols = names.map((n, i) =>
      makeColumn(
        n,
        i,
        types[i]!,
        data.map((r) => r[i]),
      ),
    );
    const byName = names.map((n, i) => [n, cols[i]] as [string, unknown]).filter(([n], i) => names.indexOf(n) === i);
    this.columns = named(tuple(cols), [...mappedMethods(names, cols), ...byName]);
  }

  static empty(): AgateTable {
    return new AgateTable({ fields: [], rows: [], command: '', rowCount: null });
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this.rows[Symbol.iterator]();
  }

  /** The rows as a list of lists (load_result(...)['data']). */
  matrix(): unknown[][] {
    return this.rows.map((r) => [...r]);
  }

  /** agate's print_table(), minimal: a header and the rows, in the log. */
  print_table(...args: unknown[]): string {
    const max = typeof args[0] === 'number' ? args[0] : 20;
    const lines = [`| ${this.column_names.join(' | ')} |`];
    for (const r of this.rows.slice(0, max))
      lines.push(`| ${r.map((v) => (v === null ? '' : String(v))).join(' | ')} |`);
    this.log(lines.join('\n'));
    return '';
  }

  toString(): string {
    return `<agate.Table: ${this.rows.length} rows, columns ${this.column_names.join(', ')}>`;
  }
}
