import { layerOf } from '../data-tests/index.js';
import type { Graph } from '../graph/index.js';
import type { ProjectLineage } from '../lineage/index.js';
import type { ProjectNode } from '../parse/index.js';
import { layoutLineage } from './layout.js';
import type { QualityView, RunResultsView } from './run-artifacts.js';
import type { DocsColumn, DocsData, DocsNode, DocsTestRef } from './types.js';

export interface DocsInputs {
  graph: Graph;
  project: { name: string; adapterType: string; targetName: string; tsmodelVersion: string };
  generatedAt: string;
  /** Compiled SQL (or the compile error) per node with code. */
  compiled: ReadonlyMap<string, { sql?: string; error?: string }>;
  runResults?: RunResultsView;
  quality?: QualityView;
  /** Column lineage (api/column-lineage.ts), when it could be computed. */
  lineage?: ProjectLineage;
  /** Nodes the last --defer run read from another target (manifest.json's defer_relation; docs/deferred.ts). */
  deferred?: ReadonlyMap<string, string>;
}

/** The order layers are coloured in: the pipeline's, then the rest alphabetically. */
const LAYER_ORDER = [
  'sources',
  'seeds',
  'staging',
  'intermediate',
  'production',
  'marts',
  'warehouse',
  'snapshots',
  'analyses',
  'exposures',
];

function layerRank(layer: string): number {
  const i = LAYER_ORDER.indexOf(layer);
  return i === -1 ? LAYER_ORDER.length : i;
}

export function labelOf(n: ProjectNode): string {
  if (n.version !== undefined) return `${n.name} v${n.version}`;
  return n.resourceType === 'source' ? `${n.sourceName}.${n.name}` : n.name;
}

function constraintText(c: Record<string, unknown>): string {
  const type = typeof c.type === 'string' ? c.type : 'constraint';
  const to = typeof c.to === 'string' ? ` → ${c.to}` : '';
  return `${type}${to}`;
}

function testRef(t: ProjectNode, quality: QualityView | undefined, run: RunResultsView | undefined): DocsTestRef {
  const q = quality?.tests.get(t.uniqueId);
  const r = run?.byId.get(t.uniqueId);
  return {
    id: t.uniqueId,
    name: t.name,
    testName: t.unitTest ? 'unit' : (t.testMetadata?.name ?? 'singular'),
    column: t.columnName,
    status: q?.status ?? r?.status,
    failures: q?.failures,
    dimension: q?.dimension,
  };
}

function columnsOf(n: ProjectNode, tests: readonly DocsTestRef[]): DocsColumn[] {
  const out = new Map<string, DocsColumn>();
  for (const c of Object.values(n.columns)) {
    out.set(c.name, {
      name: c.name,
      description: c.description,
      dataType: c.data_type,
      constraints: c.constraints.map(constraintText),
      tests: [],
    });
  }
  // A test on a column the YAML does not document still belongs to that column.
  for (const t of tests) {
    if (!t.column) continue;
    let c = out.get(t.column);
    if (!c) out.set(t.column, (c = { name: t.column, description: '', constraints: [], tests: [] }));
    c.tests.push(t);
  }
  return [...out.values()];
}

/** The tests of a node: those attached to it, and singular tests reading it. */
function testsByNode(graph: Graph): Map<string, ProjectNode[]> {
  const out = new Map<string, ProjectNode[]>();
  for (const n of graph.nodes.values()) {
    // A unit test is listed with the model it tests.
    if (n.resourceType !== 'test' && n.resourceType !== 'unit_test') continue;
    const owners = n.attachedNode ? [n.attachedNode] : [...(graph.parents.get(n.uniqueId) ?? [])];
    for (const o of owners) out.set(o, [...(out.get(o) ?? []), n]);
  }
  return out;
}

/** `docs: {show: false}` (dbt's config) keeps a node out of the docs site. */
function hidden(n: ProjectNode): boolean {
  const docs = n.config.docs;
  return typeof docs === 'object' && docs !== null && (docs as Record<string, unknown>).show === false;
}

/** Everything the docs page shows, from the parsed project and the last run's artifacts. Pure. */
export function buildDocsData(input: DocsInputs): DocsData {
  const { graph, quality, runResults } = input;
  const tests = testsByNode(graph);
  const nodes: DocsNode[] = [];
  const visible = [...graph.nodes.values()].filter((n) => !hidden(n));
  const isVisible = new Set(visible.map((n) => n.uniqueId));
  const linked = (ids: Iterable<string> | undefined) => [...(ids ?? [])].filter((id) => isVisible.has(id)).sort();
  for (const n of visible.sort((a, b) => a.uniqueId.localeCompare(b.uniqueId))) {
    const refs = (tests.get(n.uniqueId) ?? []).map((t) => testRef(t, quality, runResults));
    const compiled = input.compiled.get(n.uniqueId);
    const q = quality?.models.get(n.uniqueId);
    nodes.push({
      id: n.uniqueId,
      name: n.name,
      label: labelOf(n),
      // The page treats a unit test as a test (kept out of the lineage graph, listed with its model).
      resourceType: n.resourceType === 'unit_test' ? 'test' : n.resourceType,
      layer: n.resourceType === 'exposure' ? 'exposures' : layerOf(n),
      packageName: n.packageName,
      path: n.path,
      originalFilePath: n.originalFilePath,
      patchPath: n.patchPath,
      fqn: n.fqn,
      checksum: n.checksum,
      description: n.description,
      materialized: n.resourceType === 'source' || n.resourceType === 'exposure' ? undefined : n.config.materialized,
      relation: n.relation ? `${n.relation.schema}.${n.relation.identifier}` : undefined,
      deferredFrom: input.deferred?.get(n.uniqueId),
      tags: n.config.tags ?? [],
      config: n.config,
      dependsOn: n.dependsOn.nodes.filter((id) => isVisible.has(id)),
      parents: linked(graph.parents.get(n.uniqueId)),
      children: linked(graph.children.get(n.uniqueId)),
      columns: columnsOf(n, refs),
      rawCode: n.rawCode,
      compiledCode: compiled?.sql,
      compileError: compiled?.error,
      sourceName: n.sourceName,
      testMetadata: n.testMetadata,
      attachedNode: n.attachedNode,
      ...(n.unitTest ? { unitTestOf: n.unitTest.modelId } : {}),
      columnName: n.columnName,
      exposure: n.exposure,
      version: n.version,
      latestVersion: n.latestVersion,
      tests: refs,
      run: runResults?.byId.get(n.uniqueId),
      quality: q ? { score: q.score, dimensions: q.dimensions } : undefined,
    });
  }
  const shown = nodes.filter((n) => n.resourceType !== 'test');
  const layout = layoutLineage(shown.map((n) => ({ id: n.id, label: n.label, parents: n.parents })));
  const layers = [...new Set(shown.map((n) => n.layer))].sort(
    (a, b) => layerRank(a) - layerRank(b) || a.localeCompare(b),
  );
  const notes: string[] = [];
  if (!runResults)
    notes.push("No target/run_results.json yet: run `tsmodel build` to see each node's last status and timing.");
  if (!quality)
    notes.push(
      'No target/quality_report.json yet: run `tsmodel build` or `tsmodel test` on a project with data tests to see quality scores.',
    );
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const overview = quality
    ? {
        ...quality.overview,
        failing: quality.overview.failing.map((f) => ({
          ...f,
          modelName: f.model ? (byId.get(f.model)?.label ?? null) : null,
        })),
      }
    : undefined;
  return {
    project: { ...input.project, generatedAt: input.generatedAt },
    nodes,
    layout,
    layers,
    run: runResults?.info,
    quality: overview,
    notes,
    ...(input.lineage
      ? {
          columnLineage: Object.fromEntries(Object.entries(input.lineage.nodes).filter(([id]) => isVisible.has(id))),
        }
      : {}),
  };
}
