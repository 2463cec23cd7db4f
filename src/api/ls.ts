import type { ResourceType } from '../parse/index.js';
import { topologicalOrder } from '../graph/index.js';
import { loadProject, selectFrom, type ProjectOptions, type SelectionOptions } from './load.js';

export interface LsOptions extends ProjectOptions, SelectionOptions {
  resourceTypes?: ResourceType[];
}

export interface LsEntry {
  uniqueId: string;
  name: string;
  resourceType: ResourceType;
  path: string;
  fqn: string[];
  materialized?: string;
  relation?: string;
  tags: string[];
  dependsOn: string[];
}

/** `tsmodel ls`: the selected nodes, in dependency order. */
export function ls(opts: LsOptions = {}): LsEntry[] {
  const project = loadProject(opts, { fewNodes: true }); // ls reads no node's SQL, columns or locations
  const selected = selectFrom(
    project,
    opts,
    opts.resourceTypes && opts.resourceTypes.length > 0 ? opts.resourceTypes : undefined,
  );
  return topologicalOrder(project.graph, selected).map((id) => {
    const n = project.graph.nodes.get(id)!;
    return {
      uniqueId: id,
      name: n.resourceType === 'source' ? `${n.sourceName}.${n.name}` : n.name,
      resourceType: n.resourceType,
      path: n.originalFilePath,
      fqn: n.fqn,
      materialized: n.resourceType === 'source' || n.resourceType === 'exposure' ? undefined : n.config.materialized,
      relation: n.relation ? `${n.relation.schema}.${n.relation.identifier}` : undefined,
      tags: n.config.tags,
      dependsOn: n.dependsOn.nodes,
    };
  });
}
