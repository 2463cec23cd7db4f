import { quoteIdent } from '../sql/quote.js';

export { quoteIdent };

/**
 * What ref(), source() and `this` evaluate to in a template: prints as the
 * quoted, schema-qualified name, and exposes its parts as dbt's Relation does.
 */
export class RelationValue {
  constructor(
    readonly schema: string,
    readonly identifier: string,
    readonly database?: string,
    /** Ephemeral models print as the name of their inlined CTE. */
    readonly cteName?: string,
  ) {}

  get name(): string {
    return this.identifier;
  }
  get table(): string {
    return this.identifier;
  }
  render(): string {
    if (this.cteName) return this.cteName;
    return `${quoteIdent(this.schema)}.${quoteIdent(this.identifier)}`;
  }
  toString(): string {
    return this.render();
  }
  /** dbt's relation.include(schema=False) etc.: prints only the parts asked for. */
  include(opts: { database?: boolean; schema?: boolean; identifier?: boolean } = {}): { toString(): string } {
    const parts: string[] = [];
    if (opts.schema !== false) parts.push(quoteIdent(this.schema));
    if (opts.identifier !== false) parts.push(quoteIdent(this.identifier));
    return { toString: () => parts.join('.') };
  }
}
