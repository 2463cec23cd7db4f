import type { ColumnDef, PostgresDialect, RelationKind } from '../adapters/postgres-dialect.js';
import type { Dependents, RelationInfo } from '../adapters/introspect.js';
import type { ProjectNode, Relation } from '../parse/index.js';

/** One SQL statement of a plan, with what it is for (shown when it fails). */
export interface Step {
  sql: string;
  label: string;
  /** The row count of this statement is the node's "rows affected". */
  countsRows?: boolean;
  /** A COPY … FROM STDIN fed from the node's file (seeds). */
  copy?: boolean;
  /** Its first row is kept as the node's monitoring figures (seeds: rows and NULLs per column). */
  monitor?: boolean;
}

/** The ordered statements that materialize one node, run in one transaction. */
export interface Plan {
  steps: Step[];
  /** What the log says was done, e.g. "created table", "inserted into", "created view". */
  verb: string;
  /** The relation kind the node ends as (undefined for ephemeral). */
  kind?: RelationKind;
}

export interface ConstraintDef {
  type: 'primary_key' | 'unique' | 'not_null' | 'check' | 'foreign_key';
  columns: string[];
  name?: string;
  expression?: string;
  /** Foreign keys: the referenced relation, already quoted. */
  toRelation?: string;
  toColumns?: string[];
}

/** Everything a materialization needs: the compiled node and the database's current state. */
export interface MaterializeInput {
  node: ProjectNode;
  relation: Relation;
  compiledSql: string;
  preHooks: string[];
  postHooks: string[];
  constraints: ConstraintDef[];
  /** The relation as it is now, if it exists. */
  existing?: RelationInfo;
  /** What depends on the existing relation (recreated after a swap). */
  dependents: Dependents;
  /**
   * The dependents come from the run's catalog snapshot: a swap drops exactly those, then the old relation
   * without CASCADE, so a dependent that appeared since fails the statement (2BP01) instead of being dropped.
   */
  strictDrops?: boolean;
  /** The query's columns, when the materialization asked for them (see needsColumns). */
  queryColumns?: ColumnDef[];
  /** Incremental models: whether this run is incremental (not a full refresh, relation exists). */
  incremental: boolean;
  /** Short unique text for temporary names in this run. */
  runSuffix: string;
  dialect: PostgresDialect;
  /** Calls a macro in the node's runtime context (materializations written as macros: snapshot). */
  callMacro?: (name: string, args: unknown[]) => unknown;
  /** The run's start time, ISO (snapshots: the change time of the check strategy). */
  runTime?: string;
}

export interface Materialization {
  readonly name: string;
  /** Whether planning needs the query's column list (costs one round trip). */
  needsColumns(input: Omit<MaterializeInput, 'queryColumns'>): boolean;
  /** Whether it needs the dependents of the existing relation (costs one round trip). */
  needsDependents(input: Omit<MaterializeInput, 'queryColumns' | 'dependents'>): boolean;
  plan(input: MaterializeInput): Plan;
}
