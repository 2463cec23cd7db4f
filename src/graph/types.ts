import type { ProjectNode } from '../parse/types.js';

/**
 * The project's dependency graph. Edges point from a parent (what is
 * referenced) to a child (what references it). Read-only once built.
 */
export interface Graph {
  readonly nodes: ReadonlyMap<string, ProjectNode>;
  readonly parents: ReadonlyMap<string, ReadonlySet<string>>;
  readonly children: ReadonlyMap<string, ReadonlySet<string>>;
}
