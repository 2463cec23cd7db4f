import { TsmodelError } from '../errors/index.js';
import type { ProjectNode } from '../parse/types.js';
import { fnmatcher, hasWildcard } from './glob.js';
import type { ColumnLineageView, MethodSpec, NodeColumnRef, SelectionContext } from './types.js';

/** The names a node's column is written under: model name, schema.identifier, identifier, source.table. */
function namesOf(node: ProjectNode): string[] {
  const names = [node.name];
  if (node.relation) names.push(`${node.relation.schema}.${node.relation.identifier}`, node.relation.identifier);
  if (node.resourceType === 'source' && node.sourceName) names.push(`${node.sourceName}.${node.name}`);
  return names;
}

function lineageOf(ctx: SelectionContext): ColumnLineageView {
  if (!ctx.columnLineage)
    throw new TsmodelError('selection', 'The column: selector needs column lineage, which this command does not load', {
      hint: 'Use column: with tsmodel ls, run or build (or call loadColumnLineage() first when using the API).',
    });
  return ctx.columnLineage();
}

/** The columns `value` names (`relation.column`, patterns allowed in both parts). */
function startColumns(ctx: SelectionContext, value: string): NodeColumnRef[] {
  const dot = value.lastIndexOf('.');
  const nodePart = value.slice(0, dot);
  const columnPart = value.slice(dot + 1);
  const nodeMatches = fnmatcher(nodePart);
  const columnMatches = fnmatcher(columnPart);
  const out: NodeColumnRef[] = [];
  const kinds = new Set(['model', 'seed', 'snapshot', 'source', 'analysis']);
  let lineage: ColumnLineageView | undefined;
  for (const [id, node] of ctx.graph.nodes) {
    if (!kinds.has(node.resourceType) || !namesOf(node).some(nodeMatches)) continue;
    if (!hasWildcard(columnPart)) {
      out.push({ node: id, column: columnPart });
      continue;
    }
    lineage ??= lineageOf(ctx);
    for (const column of lineage.columnsOf(id)) if (columnMatches(column)) out.push({ node: id, column });
  }
  return out;
}

/**
 * column:<relation>.<column> — the node holding that column (by model name, schema.identifier or
 * source.table); `column:x.c+` follows column lineage down (every node computing something from it),
 * `+column:x.c` up (every node it is computed from).
 */
export const columnMethod: MethodSpec = {
  args: 'none',
  checkValue(value) {
    const dot = value.lastIndexOf('.');
    if (dot > 0 && dot < value.length - 1) return undefined;
    return {
      message: `"${value}" is not a column`,
      hint: 'Write column:<model>.<column> or column:<schema>.<relation>.<column>, e.g. column:production.customers.email+.',
    };
  },
  search(ctx, value) {
    return new Set(startColumns(ctx, value).map((c) => c.node));
  },
  related(ctx, value, direction, depth) {
    const starts = startColumns(ctx, value);
    if (starts.length === 0) return new Set();
    return new Set(
      lineageOf(ctx)
        .reachable(starts, direction, depth)
        .map((c) => c.node),
    );
  },
};
