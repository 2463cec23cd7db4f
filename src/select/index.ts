import { attachedTests, evaluate } from './evaluate.js';
import { parseSelector } from './parse.js';
import type { SelectOptions, SelectionContext, SelectorExpr } from './types.js';

export type {
  ColumnLineageView,
  NodeColumnRef,
  IndirectSelection,
  MethodName,
  PreviousState,
  PreviousNode,
  MacroState,
  CurrentState,
  DbtRules,
  SelectOptions,
  SelectionContext,
  SelectorAtom,
  SelectorExpr,
  SelectorIntersection,
  SelectorUnion,
} from './types.js';
export { parseSelector, SYNTAX_HINT } from './parse.js';
export { METHOD_NAMES } from './methods.js';
export { comparableConfig, dbtConfigKeys, dbtHashedText } from './dbt-compare.js';

function evaluateAll(ctx: SelectionContext, exprs: readonly SelectorExpr[]): Set<string> {
  const out = new Set<string>();
  for (const expr of exprs) for (const id of evaluate(ctx, expr)) out.add(id);
  return out;
}

/** Blank strings are ignored, as if the flag had not been given. */
function parseAll(texts: readonly string[] | undefined): SelectorExpr[] {
  return (texts ?? []).filter((t) => t.trim() !== '').map(parseSelector);
}

/**
 * The unique ids of the nodes to act on, as dbt selects them:
 * 1. the union of `select` (all nodes when none is given);
 * 2. plus tests attached to those nodes, per `indirectSelection` (default eager);
 * 3. minus the union of `exclude`, and (unless indirectSelection is 'empty')
 *    minus every test attached to an excluded node;
 * 4. restricted to `resourceTypes`.
 * Selectors are all parsed before anything is evaluated, so a typo in
 * `exclude` fails as fast as one in `select`. Matching nothing is not an error.
 */
export function selectNodes(ctx: SelectionContext, opts: SelectOptions): Set<string> {
  const graph = ctx.graph;
  const select = parseAll(opts.select);
  const exclude = parseAll(opts.exclude);

  const mode = opts.indirectSelection ?? 'eager';
  const selected = select.length > 0 ? evaluateAll(ctx, select) : new Set(graph.nodes.keys());
  for (const id of attachedTests(graph, selected, mode)) selected.add(id);

  if (exclude.length > 0) {
    const excluded = evaluateAll(ctx, exclude);
    const excludedTests = mode === 'empty' ? new Set<string>() : attachedTests(graph, excluded, 'eager');
    for (const id of selected) if (excluded.has(id) || excludedTests.has(id)) selected.delete(id);
  }

  if (opts.resourceTypes && opts.resourceTypes.length > 0) {
    const types = new Set<string>(opts.resourceTypes);
    for (const id of selected) if (!types.has(graph.nodes.get(id)!.resourceType)) selected.delete(id);
  }
  return selected;
}
