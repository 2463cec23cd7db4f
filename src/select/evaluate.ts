import { ancestorsOfAll, descendantsOfAll, type Graph } from '../graph/index.js';
import { METHODS } from './methods.js';
import type { IndirectSelection, SelectionContext, SelectorAtom, SelectorExpr } from './types.js';

function addAll(target: Set<string>, items: Iterable<string>): void {
  for (const item of items) target.add(item);
}

/** Ancestors (or descendants) of every start node, up to `depth` generations: one walk from all of them. */
function neighbours(graph: Graph, starts: Iterable<string>, up: boolean, depth: number | undefined): Set<string> {
  return up ? ancestorsOfAll(graph, starts, depth) : descendantsOfAll(graph, starts, depth);
}

/** Applies `@`, `+x` and `x+` to the nodes a method matched. */
export function applyGraphOperators(graph: Graph, matched: ReadonlySet<string>, atom: SelectorAtom): Set<string> {
  const out = new Set(matched);
  if (atom.childrensParents) {
    const down = new Set(matched);
    addAll(down, neighbours(graph, matched, false, undefined));
    addAll(out, down);
    addAll(out, neighbours(graph, down, true, undefined));
  }
  if (atom.parents) addAll(out, neighbours(graph, matched, true, atom.parentsDepth));
  if (atom.children) addAll(out, neighbours(graph, matched, false, atom.childrenDepth));
  return out;
}

export function evaluateAtom(ctx: SelectionContext, atom: SelectorAtom): Set<string> {
  const spec = METHODS[atom.method];
  const matched = spec.search(ctx, atom.value, atom.methodArgs);
  if (!spec.related) return applyGraphOperators(ctx.graph, matched, atom);
  const out = applyGraphOperators(ctx.graph, matched, { ...atom, parents: false, children: false });
  if (atom.parents) addAll(out, spec.related(ctx, atom.value, 'up', atom.parentsDepth));
  if (atom.children) addAll(out, spec.related(ctx, atom.value, 'down', atom.childrenDepth));
  return out;
}

/** The unique ids a parsed selector selects (no indirect selection of tests). */
export function evaluate(ctx: SelectionContext, expr: SelectorExpr): Set<string> {
  switch (expr.kind) {
    case 'atom':
      return evaluateAtom(ctx, expr);
    case 'intersection': {
      const [first, ...others] = expr.members.map((m) => evaluateAtom(ctx, m));
      const out = first ?? new Set<string>();
      for (const set of others) for (const id of out) if (!set.has(id)) out.delete(id);
      return out;
    }
    case 'union': {
      const out = new Set<string>();
      for (const member of expr.members) addAll(out, evaluate(ctx, member));
      return out;
    }
  }
}

/**
 * Tests picked up through the nodes they test: eager – any parent in `nodes`;
 * cautious – every parent in `nodes`; empty – none. Tests without parents never are.
 */
export function attachedTests(graph: Graph, nodes: ReadonlySet<string>, mode: IndirectSelection): Set<string> {
  const out = new Set<string>();
  if (mode === 'empty') return out;
  for (const [id, node] of graph.nodes) {
    // A unit test comes with the model it tests.
    if (node.resourceType === 'unit_test' && node.attachedNode && nodes.has(node.attachedNode)) out.add(id);
    if (node.resourceType !== 'test') continue;
    const parents = [...(graph.parents.get(id) ?? [])];
    if (parents.length === 0) continue;
    const hit = mode === 'eager' ? parents.some((p) => nodes.has(p)) : parents.every((p) => nodes.has(p));
    if (hit) out.add(id);
  }
  return out;
}
