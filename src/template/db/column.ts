import { bindArgs } from '../jinja/args.js';
import { quoteIdent } from '../../sql/quote.js';

/**
 * dbt's Column (api.Column, and what adapter.get_columns_in_relation returns), with dbt-postgres' rules:
 * `data_type` adds the size of a varchar and the precision of a numeric, except that text, and a varchar
 * without a size, stay as they are.
 */

const STRING = ['text', 'character varying', 'character', 'varchar'];
const FLOAT = ['real', 'float4', 'float', 'double precision', 'float8', 'double'];
const INTEGER = [
  ...['smallint', 'integer', 'bigint', 'smallserial', 'serial', 'bigserial'],
  ...['int2', 'int4', 'int8', 'serial2', 'serial4', 'serial8'],
];
const NUMERIC = ['numeric', 'decimal'];
/** dbt's Column.TYPE_LABELS: what translate_type() maps (upper-cased) labels to. */
const TYPE_LABELS: Record<string, string> = {
  STRING: 'TEXT',
  TIMESTAMP: 'TIMESTAMP',
  FLOAT: 'FLOAT',
  INTEGER: 'INT',
  BOOLEAN: 'BOOLEAN',
};

const size = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

export class TemplateColumn {
  readonly char_size: number | null;
  readonly numeric_precision: number | null;
  readonly numeric_scale: number | null;

  constructor(
    readonly column: string,
    readonly dtype: string,
    charSize?: unknown,
    numericPrecision?: unknown,
    numericScale?: unknown,
  ) {
    this.char_size = size(charSize);
    this.numeric_precision = size(numericPrecision);
    this.numeric_scale = size(numericScale);
  }

  get name(): string {
    return this.column;
  }
  get quoted(): string {
    return quoteIdent(this.column);
  }
  get data_type(): string {
    const d = this.dtype.toLowerCase();
    if (d === 'text' || (d === 'character varying' && this.char_size === null)) return this.dtype;
    if (this.is_string()) return stringType(this.string_size());
    if (this.is_numeric()) return numericType(this.dtype, this.numeric_precision, this.numeric_scale);
    return this.dtype;
  }
  is_string(): boolean {
    return STRING.includes(this.dtype.toLowerCase());
  }
  is_float(): boolean {
    return FLOAT.includes(this.dtype.toLowerCase());
  }
  is_integer(): boolean {
    return INTEGER.includes(this.dtype.toLowerCase());
  }
  is_numeric(): boolean {
    return NUMERIC.includes(this.dtype.toLowerCase());
  }
  is_number(): boolean {
    return this.is_integer() || this.is_float() || this.is_numeric();
  }
  string_size(): number {
    if (!this.is_string()) throw new Error(`Called string_size() on non-string field ${this.column}`);
    return this.char_size ?? 256;
  }
  can_expand_to(other: TemplateColumn): boolean {
    return this.is_string() && other.is_string() && this.string_size() < other.string_size();
  }
  literal(value: unknown): string {
    return `${String(value)}::${this.data_type}`;
  }
  toString(): string {
    return `<Column ${this.column} (${this.data_type})>`;
  }
}

function stringType(n: number): string {
  return `character varying(${n})`;
}

function numericType(dtype: string, precision: number | null, scale: number | null): string {
  return precision === null || scale === null ? dtype : `${dtype}(${precision},${scale})`;
}

function translateType(dtype: unknown): string {
  const d = String(dtype);
  return TYPE_LABELS[d.toUpperCase()] ?? d;
}

/** `api.Column`: called as a constructor (`api.Column('id', 'integer')`) or through its class methods. */
export const COLUMN_API = Object.assign(
  (...args: unknown[]) => {
    const [name, dtype, charSize, precision, scale] = bindArgs('Column', COLUMN_PARAMS, args);
    return new TemplateColumn(String(name), String(dtype), charSize, precision, scale);
  },
  {
    create: (...args: unknown[]) => {
      const [name, label] = bindArgs('create', ['name', 'label_or_dtype'], args);
      return new TemplateColumn(String(name), translateType(label));
    },
    translate_type: translateType,
    string_type: (n: unknown) => stringType(Number(n)),
    numeric_type: (dtype: unknown, precision: unknown, scale: unknown) =>
      numericType(String(dtype), size(precision), size(scale)),
  },
);

const COLUMN_PARAMS = ['column', 'dtype', 'char_size', 'numeric_precision', 'numeric_scale'];
