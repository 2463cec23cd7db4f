import type { Adapter } from '../../adapters/index.js';
import { readCatalog, type CatalogSnapshot } from '../../adapters/catalog.js';
import type { PostgresDialect, RelationKind } from '../../adapters/postgres-dialect.js';
import type { ProjectNode, Relation } from '../../parse/index.js';
import type { LoadedProject } from '../load.js';

/** What the database holds for the schemas a run touches, read once before anything is planned. */
export interface RunState {
  schemas: string[];
  /** Relations, columns and dependents of those schemas, as they were before the run changed anything. */
  catalog: CatalogSnapshot;
  /** The relation's kind, or undefined when it does not exist. */
  kindOf(r: Relation): RelationKind | undefined;
}

/** The schemas of the nodes in `order`, sorted. */
export function schemasOf(project: LoadedProject, order: readonly string[]): string[] {
  return [...new Set(order.flatMap((id) => project.graph.nodes.get(id)!.relation?.schema ?? []))].sort();
}

/** Creates the run's schemas (if missing), then reads their catalog in one transaction (see readCatalog). */
export async function readRunState(
  project: LoadedProject,
  adapter: Adapter,
  dialect: PostgresDialect,
  order: readonly string[],
): Promise<RunState> {
  const schemas = schemasOf(project, order);
  for (const s of schemas) await adapter.query(dialect.createSchema(s));
  const catalog = await readCatalog(adapter, schemas);
  return { schemas, catalog, kindOf: (r) => catalog.relations.get(`${r.schema}.${r.identifier}`)?.kind };
}

/** The node's relation's kind in the run's state. */
export function kindOfNode(state: RunState, node: ProjectNode): RelationKind | undefined {
  return node.relation ? state.kindOf(node.relation) : undefined;
}
