import type { SourceLocation, TsmodelError } from '../errors/index.js';
import type { UnitTestSpec } from './unit-tests/types.js';

export type ResourceType =
  'model' | 'seed' | 'snapshot' | 'test' | 'unit_test' | 'source' | 'analysis' | 'macro' | 'exposure';

/** What an exposure (a dashboard, notebook, application… that uses the project's data) says of itself. */
export interface ExposureInfo {
  type: string;
  owner: { name?: string; email?: string };
  url?: string;
  maturity?: string;
  label?: string;
}

/** A relation in the database: schema-qualified, optionally database-qualified. */
export interface Relation {
  database?: string;
  schema: string;
  identifier: string;
}

/**
 * A node's resolved config. Known keys are typed; any other key a project sets
 * is kept as-is (materializations and adapters read what they need).
 */
export interface NodeConfig {
  enabled: boolean;
  materialized: string;
  schema?: string;
  alias?: string;
  database?: string;
  tags: string[];
  meta: Record<string, unknown>;
  pre_hook: string[];
  post_hook: string[];
  [key: string]: unknown;
}

export interface ColumnInfo {
  name: string;
  description: string;
  data_type?: string;
  constraints: Record<string, unknown>[];
  meta: Record<string, unknown>;
  /** Declared data tests, as written in YAML (their own issue compiles them). */
  tests: unknown[];
}

export interface RefCall {
  name: string;
  package?: string;
  version?: string | number;
  location: SourceLocation;
}

export interface SourceCall {
  source: string;
  table: string;
  location: SourceLocation;
}

/** A parsed project node: model, seed, snapshot, analysis, test or source. */
export interface ProjectNode {
  uniqueId: string;
  resourceType: ResourceType;
  name: string;
  packageName: string;
  /** Path relative to its resource folder (e.g. "staging/stg_customers.sql"). */
  path: string;
  /** Path relative to the project root (e.g. "models/staging/stg_customers.sql"). */
  originalFilePath: string;
  fqn: string[];
  rawCode: string;
  /** sha256 of the raw file contents, for state:modified. */
  checksum: string;
  config: NodeConfig;
  refs: RefCall[];
  sources: SourceCall[];
  dependsOn: { nodes: string[]; macros: string[] };
  description: string;
  columns: Record<string, ColumnInfo>;
  /** The YAML file that documented this node, if any. */
  patchPath?: string;
  /** Sources only: the source's name (e.g. "raw" in source('raw', 'customers')). */
  sourceName?: string;
  /** Where the node lives in the database (models, seeds, snapshots, sources). */
  relation?: Relation;
  /** Versioned models only: this node's version (v) and the model's latest_version. */
  version?: string | number;
  latestVersion?: string | number;
  /** Exposures only: type, owner, url, maturity, label. */
  exposure?: ExposureInfo;
  /** Tests only: what the test is attached to. */
  attachedNode?: string;
  columnName?: string;
  testMetadata?: { name: string; namespace?: string; kwargs: Record<string, unknown> };
  /**
   * Generic tests only: rawCode's call with its literal arguments as variables (`text` renders with `values`
   * installed, to the same result), so the tests of one YAML file share compiled templates. Not in artifacts.
   */
  renderShape?: { text: string; values: Record<string, unknown> };
  /** Tests only: a problem found in the test's declaration, reported when the test runs (other tests still run). */
  parseError?: TsmodelError;
  /** Unit tests only: the model tested, its inputs and the expected rows (attachedNode is the model). */
  unitTest?: UnitTestSpec;
  /** The vars and env vars its rendering read (state:modified.vars counts them as its inputs). */
  inputs?: { vars: string[]; envVars: string[] };
  /** Sources only: where its freshness, loaded_at_field and loaded_at_query were written (the table's, else the source's). */
  configLocations?: Record<string, SourceLocation>;
  location: SourceLocation;
}

export interface MacroDef {
  uniqueId: string;
  name: string;
  packageName: string;
  originalFilePath: string;
  /** Whether the macro is one of tsmodel's own built-ins (a project macro of the same name overrides it). */
  builtin: boolean;
  location: SourceLocation;
}

export interface DocBlock {
  name: string;
  contents: string;
  originalFilePath: string;
}
