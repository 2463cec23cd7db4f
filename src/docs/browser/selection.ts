/**
 * The selector box's engine: tsmodel's own selection code (src/select and
 * src/graph, bundled into the page), run on the nodes the page embeds, so
 * `warehouse+` here selects exactly what `tsmodel ls --select warehouse+` lists.
 */
import { buildGraph, type Graph } from '../../graph/index.js';
import type { NodeConfig, ProjectNode, ResourceType } from '../../parse/types.js';
import { selectNodes, type ColumnLineageView } from '../../select/index.js';
import type { DocsNode } from '../types.js';

function projectNode(n: DocsNode): ProjectNode {
  return {
    uniqueId: n.id,
    resourceType: (n.unitTestOf ? 'unit_test' : n.resourceType) as ResourceType,
    name: n.name,
    packageName: n.packageName,
    path: n.path,
    originalFilePath: n.originalFilePath,
    fqn: n.fqn,
    rawCode: n.rawCode,
    checksum: n.checksum,
    config: n.config as NodeConfig,
    refs: [],
    sources: [],
    dependsOn: { nodes: n.dependsOn, macros: [] },
    description: n.description,
    columns: {},
    patchPath: n.patchPath,
    sourceName: n.sourceName,
    attachedNode: n.attachedNode,
    columnName: n.columnName,
    testMetadata: n.testMetadata,
    version: n.version,
    latestVersion: n.latestVersion,
    // column: names relations as schema.identifier (docs show relations that way).
    ...(n.relation && n.relation.includes('.')
      ? {
          relation: {
            schema: n.relation.slice(0, n.relation.indexOf('.')),
            identifier: n.relation.slice(n.relation.indexOf('.') + 1),
          },
        }
      : {}),
    location: { file: n.originalFilePath },
  };
}

export function selectionGraph(nodes: readonly DocsNode[]): Graph {
  return buildGraph(nodes.map(projectNode));
}

export type SelectionOutcome = { ok: true; ids: Set<string> } | { ok: false; message: string; hint?: string };

/** Evaluates --select / --exclude text as the CLI does (no --state: state: and result: selectors say they need it). */
export function runSelection(
  graph: Graph,
  select: string,
  exclude: string,
  columnLineage?: () => ColumnLineageView,
): SelectionOutcome {
  try {
    const ids = selectNodes(
      { graph, columnLineage },
      { select: select.trim() ? [select] : [], exclude: exclude.trim() ? [exclude] : [] },
    );
    return { ok: true, ids };
  } catch (err) {
    const e = err as { message?: string; hint?: string };
    return { ok: false, message: e.message ?? String(err), hint: e.hint };
  }
}
