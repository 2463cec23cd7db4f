import type { ProjectNode } from '../parse/types.js';
import type { SelectionContext } from './types.js';

/** The ids of the graph's nodes that `keep` accepts. */
export function collect(ctx: SelectionContext, keep: (node: ProjectNode) => boolean): Set<string> {
  const out = new Set<string>();
  for (const [id, node] of ctx.graph.nodes) if (keep(node)) out.add(id);
  return out;
}
