/**
 * Column-level lineage: for each output column of a compiled query, the upstream
 * columns (node, column) it comes from and how. Plain JSON (target/lineage.json).
 */

/**
 * copy — the value passed through or renamed; transform — an expression of it;
 * join / filter / group — it decides which rows there are (ON, WHERE/HAVING, GROUP BY), not the value.
 */
export type LineageKind = 'copy' | 'transform' | 'join' | 'filter' | 'group';

/** Strongest first: one upstream column used several ways is reported once, with its strongest kind. */
export const KIND_ORDER: readonly LineageKind[] = ['copy', 'transform', 'join', 'filter', 'group'];

export interface UpstreamColumn {
  /** The unique id of the upstream node (model, seed, source, snapshot). */
  node: string;
  column: string;
  kind: LineageKind;
}

export interface ColumnLineage {
  name: string;
  upstream: UpstreamColumn[];
  /** Why part of this column's lineage could not be resolved (never guessed); absent when fully resolved. */
  unknown?: string[];
}

export interface NodeLineage {
  /** Output columns in order; empty with `unknown` set when the query could not be analysed. */
  columns: ColumnLineage[];
  /** Why the column list itself is incomplete or missing (e.g. `select *` over a relation of unknown columns). */
  unknown?: string[];
}

/** A relation the SQL reads, as the analysis knows it. */
export interface KnownRelation {
  node: string;
  /** Its columns, when known (upstream lineage, contract, catalog or YAML); undefined when not. */
  columns?: readonly string[];
}

/** Finds the node behind a relation name as written in compiled SQL (already case-folded by the parser). */
export type RelationResolver = (name: { catalog?: string; schema?: string; name: string }) => KnownRelation | undefined;
