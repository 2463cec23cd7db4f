import { ancestors, runChildren, runParents, type Graph } from '../graph/index.js';

/**
 * dbt build's extra edges: a node waits for the tests of its parents, so an
 * error-severity failure skips what is built from the tested data. A test
 * with several parents (relationships) only gates a node downstream of all of
 * them, which can never close a cycle. Through an ephemeral model, the gate
 * falls on the nodes that inline it.
 */
export function testGates(graph: Graph, order: readonly string[]): Map<string, Set<string>> {
  const inOrder = new Set(order);
  const gates = new Map<string, Set<string>>();
  const ancestorCache = new Map<string, Set<string>>();
  const ancestorsOf = (id: string) => {
    let a = ancestorCache.get(id);
    if (!a) ancestorCache.set(id, (a = ancestors(graph, id)));
    return a;
  };
  for (const testId of order) {
    if (graph.nodes.get(testId)?.resourceType !== 'test') continue;
    const parents = [...(graph.parents.get(testId) ?? [])];
    for (const p of parents) {
      for (const child of runChildren(graph, p)) {
        const kind = graph.nodes.get(child)?.resourceType;
        if (!inOrder.has(child) || kind === 'test' || kind === 'unit_test') continue;
        if (!parents.every((q) => ancestorsOf(child).has(q))) continue;
        let set = gates.get(child);
        if (!set) gates.set(child, (set = new Set()));
        set.add(testId);
      }
    }
  }
  return gates;
}

/**
 * The order to run in: each test right after the last of its parents in the
 * order, so a model's tests run before the next model starts (with one thread).
 * A test on an ephemeral model goes after what the ephemeral inlines.
 */
export function placeTests(graph: Graph, order: readonly string[]): string[] {
  const isTest = (id: string) => graph.nodes.get(id)?.resourceType === 'test';
  const others = order.filter((id) => !isTest(id));
  const position = new Map(others.map((id, i) => [id, i]));
  const after = new Map<number, string[]>();
  for (const id of order) {
    if (!isTest(id)) continue;
    let last = -1;
    for (const p of runParents(graph, id)) last = Math.max(last, position.get(p) ?? -1);
    const list = after.get(last);
    if (list) list.push(id);
    else after.set(last, [id]);
  }
  const out = [...(after.get(-1) ?? [])];
  others.forEach((id, i) => out.push(id, ...(after.get(i) ?? [])));
  return out;
}
