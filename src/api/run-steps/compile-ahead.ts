import type { Compiler } from '../../compile/index.js';
import type { LoadedProject } from '../load.js';
import type { RunSelection } from './selection.js';

/** How many nodes after a running one are compiled while it waits for the database. */
const COMPILE_AHEAD = 2;

/**
 * While a node waits for the database, the next models of the order are compiled (the compiler keeps the
 * result for their run), so rendering overlaps the database's work instead of following it. Offline
 * (Compiler.compileOffline): a model whose templates query the database is left for its turn — what it reads
 * may change meanwhile, and its query could wait for a lock the running node's transaction holds while that
 * transaction waits for this thread.
 */
export function compileAhead(
  project: LoadedProject,
  selection: RunSelection,
  compiler: Compiler,
  signal?: AbortSignal,
): (id: string) => void {
  const { order } = selection;
  const position = new Map(order.map((id, i) => [id, i]));
  const tried = new Set<string>();
  return (id) => {
    const from = position.get(id)!;
    for (let i = from + 1; i <= from + COMPILE_AHEAD && i < order.length; i++) {
      if (signal?.aborted) return;
      const next = order[i]!;
      if (tried.has(next)) continue;
      tried.add(next);
      const node = project.graph.nodes.get(next)!;
      if (node.resourceType !== 'model' || selection.customMaterializations?.has(node.config.materialized)) continue;
      compiler.compileOffline(next);
    }
  };
}
