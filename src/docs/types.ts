import type { NodeLineageEntry } from '../lineage/index.js';
import type { ExposureInfo } from '../parse/types.js';
/**
 * The data embedded in the docs page (target/docs/index.html). Built in Node
 * from the parsed project and the artifacts of the last run; read by the
 * page's script. Plain JSON: no Maps, no class instances.
 */

export interface DocsTestRef {
  id: string;
  name: string;
  /** not_null, unique, … or "singular". */
  testName: string;
  column?: string;
  /** From quality_report.json (or run_results.json) when the test has run. */
  status?: string;
  failures?: number | null;
  dimension?: string;
}

export interface DocsColumn {
  name: string;
  description: string;
  dataType?: string;
  constraints: string[];
  tests: DocsTestRef[];
}

export interface DocsRun {
  status: string;
  message: string;
  /** Seconds. */
  executionTime: number;
  rowsAffected: number | null;
  timing: { name: string; startedAt?: string; completedAt?: string }[];
}

export interface DocsDimension {
  score: number;
  tests: number;
  failures: number;
  evaluated: number;
}

export interface DocsNodeQuality {
  score: number | null;
  dimensions: Record<string, DocsDimension>;
}

export interface DocsNode {
  id: string;
  name: string;
  /** What the graph shows: the name, or source.table for sources. */
  label: string;
  resourceType: string;
  /** First folder under the resource folder (models/warehouse/x.sql → warehouse). */
  layer: string;
  packageName: string;
  path: string;
  originalFilePath: string;
  patchPath?: string;
  fqn: string[];
  checksum: string;
  description: string;
  materialized?: string;
  relation?: string;
  /** The last --defer run read this node from another target's relation ("schema.name"): its refs resolved there. */
  deferredFrom?: string;
  tags: string[];
  config: Record<string, unknown>;
  /** depends_on.nodes, as parsed (the selection code rebuilds the graph from these). */
  dependsOn: string[];
  parents: string[];
  children: string[];
  columns: DocsColumn[];
  rawCode: string;
  compiledCode?: string;
  compileError?: string;
  sourceName?: string;
  testMetadata?: { name: string; namespace?: string; kwargs: Record<string, unknown> };
  /** Unit tests (shown as tests): the model tested; the selector box selects them as unit_test nodes. */
  unitTestOf?: string;
  attachedNode?: string;
  columnName?: string;
  /** Exposures only: type, owner, url, maturity, label. */
  exposure?: ExposureInfo;
  /** Versioned models only: this version and the model's latest. */
  version?: string | number;
  latestVersion?: string | number;
  /** Tests attached to this node (tests only: empty). */
  tests: DocsTestRef[];
  run?: DocsRun;
  quality?: DocsNodeQuality;
}

export interface DocsLayoutNode {
  id: string;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DocsLayoutEdge {
  from: string;
  to: string;
  points: { x: number; y: number }[];
}

export interface DocsLayout {
  width: number;
  height: number;
  nodes: DocsLayoutNode[];
  edges: DocsLayoutEdge[];
}

export interface DocsFailingTest {
  id: string;
  name: string;
  testName: string;
  model: string | null;
  modelName: string | null;
  column: string | null;
  layer: string;
  dimension: string;
  severity: string;
  status: string;
  failures: number | null;
  evaluated: number | null;
  message: string;
}

export interface DocsQuality {
  generatedAt: string;
  score: number | null;
  minScore: number | null;
  passed: boolean;
  dimensions: Record<string, DocsDimension>;
  layers: Record<
    string,
    { score: number | null; minScore: number | null; passed: boolean; dimensions: Record<string, DocsDimension> }
  >;
  testCount: number;
  failing: DocsFailingTest[];
}

export interface DocsRunInfo {
  generatedAt?: string;
  command?: string;
  elapsedTime?: number;
  counts: Record<string, number>;
}

export interface DocsData {
  project: { name: string; generatedAt: string; adapterType: string; targetName: string; tsmodelVersion: string };
  /** Every node of the graph, tests included (the selector needs them). */
  nodes: DocsNode[];
  /** The lineage graph: every node but tests. */
  layout: DocsLayout;
  /** Layers in the order the graph colours them. */
  layers: string[];
  run?: DocsRunInfo;
  quality?: DocsQuality;
  /** Why a part of the page is empty (no run_results.json yet, …). */
  notes: string[];
  /** Column-level lineage per node (models, seeds, sources, snapshots, analyses), when it was computed. */
  columnLineage?: Record<string, NodeLineageEntry>;
}
