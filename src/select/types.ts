import type { Graph } from '../graph/index.js';
import type { ContractState, NodeInputs } from '../parse/state-inputs.js';
import type { ProjectNode, ResourceType } from '../parse/types.js';

/** A macro's text and the macros it calls (unique ids), as a manifest records them. */
export interface MacroState {
  sql: string;
  dependsOn: readonly string[];
}

/** What an earlier manifest recorded about one node. */
export interface PreviousNode {
  checksum: string;
  config: Record<string, unknown>;
  description?: string;
  /** depends_on.macros (unique ids); absent in manifests that did not record them. */
  macros?: readonly string[];
  contract?: ContractState;
  /** The vars / env vars it read and their values then (tsmodel's manifests only). */
  inputs?: NodeInputs;
  /** dbt's manifests: raw_code (the file stripped), which dbt's modified.body compares for all but seeds. */
  rawCode?: string;
  /** dbt's manifests: the checksum's name (`sha256`; `path` for a seed over 1 MiB, whose checksum is its path). */
  checksumName?: string;
  /** dbt's manifests: the config keys dbt wrote (config is comparableConfig of them); others are tsmodel's own. */
  configKeys?: readonly string[];
}

/** A dbt-written manifest's rules: which text its checksums hash (dbt 1.12 compacts whitespace). */
export interface DbtRules {
  checksum: 'strip' | 'compact';
}

/** What an earlier manifest (--state DIR) recorded about each node, already read by someone else. */
export interface PreviousState {
  nodes: ReadonlyMap<string, PreviousNode>;
  /** Macros by unique id; absent when the manifest did not record their text. */
  macros?: ReadonlyMap<string, MacroState>;
  /** Whether the manifest recorded each node's vars and env vars (tsmodel's do, dbt's don't). */
  recordsInputs?: boolean;
  /** Set when dbt wrote the manifest: state:modified then compares by dbt's rules. */
  dbt?: DbtRules;
}

/** The current project's side of the state:modified.* comparisons that are not on the node itself. */
export interface CurrentState {
  /** Macros by unique id. */
  macros: ReadonlyMap<string, MacroState>;
  inputs(node: ProjectNode): NodeInputs | undefined;
  contract(node: ProjectNode): ContractState;
  /** The checksum dbt would record for the node's file by these rules (seeds: read from disk). */
  dbtChecksum?(node: ProjectNode, rules: DbtRules): { name: string; checksum: string } | undefined;
}

/** A node's column (column lineage). */
export interface NodeColumnRef {
  node: string;
  column: string;
}

/**
 * Column-level lineage as the `column:` method needs it (built by api/ from lineage/, which select/ does
 * not import): a node's known columns and the columns reachable from some columns, down or up.
 */
export interface ColumnLineageView {
  columnsOf(node: string): readonly string[];
  reachable(starts: readonly NodeColumnRef[], direction: 'up' | 'down', depth?: number): NodeColumnRef[];
}

export interface SelectionContext {
  graph: Graph;
  /** Needed by column:; computed on first use (it compiles and parses every model). */
  columnLineage?: () => ColumnLineageView;
  /** Needed by state:* */
  state?: PreviousState;
  /** Needed by state:modified.macros and .vars (without it those compare nothing). */
  current?: CurrentState;
  /** uniqueId -> status from an earlier run_results.json; needed by result:* */
  previousResults?: ReadonlyMap<string, string>;
  /** Needed by source_status:fresher: each source's latest load (µs since the epoch; null: a runtime error). */
  sourceFreshness?: {
    /** From the --state folder's sources.json. */
    previous?: ReadonlyMap<string, number | null>;
    /** From this project's target/sources.json. */
    current?: ReadonlyMap<string, number | null>;
  };
}

export type IndirectSelection = 'eager' | 'cautious' | 'empty';

export interface SelectOptions {
  /** Each string may hold several space-separated selectors (a union). */
  select?: string[];
  exclude?: string[];
  /** Restricts the final set (e.g. ['model'] for run). */
  resourceTypes?: ResourceType[];
  /**
   * How tests are picked up from the nodes they test (default 'eager'):
   * eager – when any parent is selected; cautious – when all are; empty – never.
   */
  indirectSelection?: IndirectSelection;
}

export type MethodName =
  | 'fqn'
  | 'tag'
  | 'path'
  | 'file'
  | 'config'
  | 'resource_type'
  | 'source'
  | 'exposure'
  | 'group'
  | 'version'
  | 'access'
  | 'package'
  | 'test_type'
  | 'test_name'
  | 'state'
  | 'result'
  | 'source_status'
  | 'column';

/** One selector criterion: `[@][N+][method[.arg]:]value[+N]`. */
export interface SelectorAtom {
  kind: 'atom';
  /** The text it was parsed from. */
  raw: string;
  method: MethodName;
  /** Dotted arguments after the method name: `config.materialized` -> ['materialized']. */
  methodArgs: string[];
  /** True when no method was written and the default (fqn, path or file) was chosen. */
  implicitMethod: boolean;
  value: string;
  /** `@x`: x, its descendants, and all ancestors of those. */
  childrensParents: boolean;
  /** `+x` / `N+x` */
  parents: boolean;
  parentsDepth?: number;
  /** `x+` / `x+N` */
  children: boolean;
  childrenDepth?: number;
}

/** Comma-separated criteria: nodes matched by every member. */
export interface SelectorIntersection {
  kind: 'intersection';
  raw: string;
  members: SelectorAtom[];
}

/** Space-separated terms: nodes matched by any member. */
export interface SelectorUnion {
  kind: 'union';
  raw: string;
  members: (SelectorIntersection | SelectorAtom)[];
}

/** A parsed selector; single-member unions and intersections are collapsed. */
export type SelectorExpr = SelectorUnion | SelectorIntersection | SelectorAtom;

/** A problem with a selector value, found while parsing. */
export interface ValueProblem {
  message: string;
  hint: string;
}

export interface MethodSpec {
  /** 'none': `method:value` only; 'required': `method.key:value` (config). */
  args: 'none' | 'required';
  /** Checked at parse time, so a typo fails before anything runs. */
  checkValue?(value: string): ValueProblem | undefined;
  /** Unique ids of the nodes the criterion matches (before graph operators). */
  search(ctx: SelectionContext, value: string, args: readonly string[]): Set<string>;
  /** `x+` / `+x` by the method's own relation instead of the node graph (column: follows column lineage). */
  related?(ctx: SelectionContext, value: string, direction: 'up' | 'down', depth: number | undefined): Set<string>;
}
