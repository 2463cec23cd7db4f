import { resolve } from 'node:path';
import { TSMODEL_VERSION, writeJson } from '../artifacts/index.js';
import type { ProjectLineage } from '../lineage/index.js';
import { columnLineageOf, LINEAGE_PATH, lineageWarnings, loadColumnLineage } from './column-lineage.js';
import { loadProject, type LoadedProject, type ProjectOptions } from './load.js';

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
}

/** `tsmodel lineage`: column lineage of the whole project → target/lineage.json (no database needed). */
export async function lineage(opts: ProjectOptions = {}): Promise<LineageResult> {
  await loadColumnLineage();
  const project = loadProject(opts);
  const computed = columnLineageOf(project);
  const warnings = lineageWarnings(project, computed);
  for (const w of warnings) project.events.log('warn', w);
  const rel = `${project.config.targetPath}/${LINEAGE_PATH}`;
  writeJson(project.config.projectRoot, rel, lineageArtifact(project, computed));
  const columns = Object.values(computed.nodes).reduce((n, e) => n + e.columns.length, 0);
  project.events.log('info', `Wrote ${rel}: ${Object.keys(computed.nodes).length} nodes, ${columns} columns.`);
  return { project, lineage: computed, path: resolve(project.config.projectRoot, rel), warnings };
}
