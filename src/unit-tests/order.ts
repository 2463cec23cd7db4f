import type { Graph } from '../graph/index.js';

/** The unit tests (in the run) each model of the run waits for. */
export function unitTestGates(graph: Graph, order: readonly string[]): Map<string, Set<string>> {
  const inOrder = new Set(order);
  const gates = new Map<string, Set<string>>();
  for (const id of order) {
    const model = graph.nodes.get(id)?.unitTest?.modelId;
    if (!model || !inOrder.has(model)) continue;
    let set = gates.get(model);
    if (!set) gates.set(model, (set = new Set()));
    set.add(id);
  }
  return gates;
}

/** The order with each unit test moved right before its model (when the model is in the run). */
export function unitTestsFirst(graph: Graph, order: readonly string[]): string[] {
  const inOrder = new Set(order);
  const before = new Map<string, string[]>();
  const moved = new Set<string>();
  for (const id of order) {
    const model = graph.nodes.get(id)?.unitTest?.modelId;
    if (!model || !inOrder.has(model)) continue;
    before.set(model, [...(before.get(model) ?? []), id]);
    moved.add(id);
  }
  return order.flatMap((id) => (moved.has(id) ? [] : [...(before.get(id) ?? []), id]));
}
