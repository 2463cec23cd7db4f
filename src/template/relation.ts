import { quoteIdent } from '../sql/quote.js';
import { splitArgs } from './jinja/args.js';
import { PY_MAPPING } from './jinja/values.js';

export { quoteIdent };

/** dbt's prefix of an ephemeral model's CTE name (api.Relation.add_ephemeral_prefix). */
export const EPHEMERAL_PREFIX = '__dbt__cte__';

/** A relation printed with only some of its parts (include()): prints as that text. */
export class RelationText {
  constructor(private readonly text: string) {}
  render(): string {
    return this.text;
  }
  toString(): string {
    return this.text;
  }
}

/**
 * What ref(), source() and `this` evaluate to in a template, and api.Relation.create() makes: prints as the
 * quoted, schema-qualified name, and exposes its parts as dbt's Relation does (type, is_table, include(),
 * incorporate()…). Python code tests it as a mapping whose metadata type ends in "Relation", as dbt's.
 */
export class RelationValue {
  readonly [PY_MAPPING] = true;

  constructor(
    readonly schema: string,
    readonly identifier: string,
    readonly database?: string,
    /** Ephemeral models print as the name of their inlined CTE. */
    readonly cteName?: string,
    /** table, view, materialized_view, cte, external — or null when not known. */
    readonly type: string | null = null,
  ) {}

  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  get is_table(): boolean {
    return this.type === 'table';
  }
  get is_view(): boolean {
    return this.type === 'view';
  }
  get is_materialized_view(): boolean {
    return this.type === 'materialized_view';
  }
  get is_cte(): boolean {
    return this.cteName !== undefined || this.type === 'cte';
  }
  get metadata(): Record<string, string> {
    return { type: 'PostgresRelation' };
  }
  /** The mapping view dbt's Relation offers (`relation.get('metadata')`, used to recognise relations). */
  get(key: unknown, dflt: unknown = null): unknown {
    switch (String(key)) {
      case 'metadata':
        return this.metadata;
      case 'type':
        return this.type;
      case 'path':
        return { database: this.database ?? null, schema: this.schema, identifier: this.identifier };
      default:
        return dflt;
    }
  }
  render(): string {
    if (this.cteName) return this.cteName;
    return `${quoteIdent(this.schema)}.${quoteIdent(this.identifier)}`;
  }
  toString(): string {
    return this.render();
  }
  /** dbt's relation.include(schema=False) etc.: prints only the parts asked for. */
  include(opts: { database?: boolean; schema?: boolean; identifier?: boolean } = {}): RelationText {
    const parts: string[] = [];
    if (opts.database === true && this.database) parts.push(quoteIdent(this.database));
    if (opts.schema !== false) parts.push(quoteIdent(this.schema));
    if (opts.identifier !== false) parts.push(quoteIdent(this.identifier));
    return new RelationText(parts.join('.'));
  }
  /** A copy with parts replaced: incorporate(path={'identifier': 'x'}, type='view'). */
  incorporate(...args: unknown[]): RelationValue {
    const { kwargs } = splitArgs(args);
    const path = (kwargs.path ?? {}) as Record<string, unknown>;
    const pick = (k: string, now: string | undefined) => (path[k] === undefined ? now : String(path[k]));
    const type = kwargs.type === undefined ? this.type : kwargs.type === null ? null : String(kwargs.type);
    return new RelationValue(
      pick('schema', this.schema)!,
      pick('identifier', this.identifier)!,
      pick('database', this.database),
      path.identifier === undefined ? this.cteName : undefined,
      type,
    );
  }
  /** Quoting policy: names are always quoted here, so this is the relation itself. */
  quote(): RelationValue {
    return this;
  }
  without_identifier(): RelationText {
    return this.include({ identifier: false });
  }
}
