import { resolve } from 'node:path';
import { TSMODEL_VERSION, writeJson } from '../artifacts/index.js';
import { downstreamIndex, walkColumns, type NodeColumn, type ProjectLineage } from '../lineage/index.js';
import { columnLineageOf, LINEAGE_PATH, lineageWarnings, loadColumnLineage } from './column-lineage.js';
import { loadProject, selectFrom, type LoadedProject, type ProjectOptions } from './load.js';

/** lineage.json: the analysis, plus when and by what it was made. */
export function lineageArtifact(project: LoadedProject, lineage: ProjectLineage): unknown {
  const nodes: Record<string, unknown> = {};
  for (const [id, e] of Object.entries(lineage.nodes))
    nodes[id] = { columns_from: e.columnsFrom, columns: e.columns, ...(e.unknown ? { unknown: e.unknown } : {}) };
  return {
    metadata: {
      generated_at: new Date().toISOString(),
      invocation_id: project.invocationId,
      tsmodel_version: TSMODEL_VERSION,
    },
    nodes,
  };
}

export interface LineageResult {
  project: LoadedProject;
  lineage: ProjectLineage;
  /** Absolute path of target/lineage.json. */
  path: string;
  warnings: string[];
  /** With `state`: the nodes state:modified selects, and every column downstream of theirs (what a change touches). */
  modified?: { nodes: string[]; touched: NodeColumn[] };
}

export interface LineageOptions extends ProjectOptions {
  /** A folder with an earlier manifest.json: report the columns downstream of state:modified nodes. */
  state?: string;
}

/** Every column computed (in any way) from a column of `nodes`, outside `nodes`. */
export function touchedColumns(lineage: ProjectLineage, nodes: readonly string[]): NodeColumn[] {
  const starts = nodes.flatMap((node) => (lineage.nodes[node]?.columns ?? []).map((c) => ({ node, column: c.name })));
  const inside = new Set(nodes);
  return walkColumns(lineage, downstreamIndex(lineage), starts, 'down').filter((c) => !inside.has(c.node));
}

/** `tsmodel lineage`: column lineage of the whole project → target/lineage.json (no database needed). */
export async function lineage(opts: LineageOptions = {}): Promise<LineageResult> {
  await loadColumnLineage();
  const project = loadProject(opts);
  const computed = columnLineageOf(project);
  const warnings = lineageWarnings(project, computed);
  for (const w of warnings) project.events.log('warn', w);
  const rel = `${project.config.targetPath}/${LINEAGE_PATH}`;
  writeJson(project.config.projectRoot, rel, lineageArtifact(project, computed));
  const columns = Object.values(computed.nodes).reduce((n, e) => n + e.columns.length, 0);
  project.events.log('info', `Wrote ${rel}: ${Object.keys(computed.nodes).length} nodes, ${columns} columns.`);
  const path = resolve(project.config.projectRoot, rel);
  if (!opts.state) return { project, lineage: computed, path, warnings };
  const nodes = [...selectFrom(project, { select: ['state:modified'], state: opts.state })].filter(
    (id) => computed.nodes[id],
  );
  return { project, lineage: computed, path, warnings, modified: { nodes, touched: touchedColumns(computed, nodes) } };
}
