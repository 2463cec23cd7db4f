import toposort from 'toposort';
import { describe, expect, it } from 'vitest';
import type { ProjectNode } from '../parse/types.js';
import { selectNodes } from '../select/index.js';
import { node } from '../select/test-support/fixture.js';
import { layoutLineage } from '../docs/layout.js';
import { ancestors, assertAcyclic, buildGraph, descendants, findCycle, topologicalOrder } from './index.js';

const id = (i: number) => `model.shop.m${String(i).padStart(5, '0')}`;
const model = (i: number, deps: number[]) =>
  node(id(i), `models/m${i}.sql`, { deps: deps.map(id), materialized: 'table' });

/** m0 ← m1 ← … ← m(n-1), each model refs the one before. */
const chain = (n: number): ProjectNode[] => Array.from({ length: n }, (_, i) => model(i, i === 0 ? [] : [i - 1]));
/** m0 feeds m1 … m(n-2); m(n-1) refs them all. */
const fan = (n: number): ProjectNode[] => [
  model(0, []),
  ...Array.from({ length: n - 2 }, (_, i) => model(i + 1, [0])),
  model(
    n - 1,
    Array.from({ length: n - 2 }, (_, i) => i + 1),
  ),
];

describe('graph algorithms on small graphs', () => {
  it('order parents first, exactly as the toposort package did (random DAGs)', () => {
    let seed = 5;
    const rand = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    for (let round = 0; round < 30; round++) {
      const n = 2 + rand(60);
      const nodes = Array.from({ length: n }, (_, i) => model(i, i === 0 ? [] : [rand(i), rand(i), rand(i)]));
      // Shuffled input: the order must not depend on it.
      const graph = buildGraph([...nodes].sort(() => rand(3) - 1));
      const ids = [...graph.nodes.keys()].sort();
      const edges: [string, string][] = [];
      for (const p of ids) for (const c of graph.children.get(p)!) edges.push([p, c]);
      const order = topologicalOrder(graph);
      expect(order).toEqual(toposort.array(ids, edges));
      const subset = new Set(ids.filter(() => rand(2) === 0));
      const inSubset = edges.filter(([p, c]) => subset.has(p) && subset.has(c));
      expect(topologicalOrder(graph, subset)).toEqual(toposort.array([...subset].sort(), inSubset));
    }
  });

  it('names the first cycle found, as before', () => {
    const graph = buildGraph([model(0, [2]), model(1, [0]), model(2, [1]), model(3, [])]);
    expect(findCycle(graph)).toEqual([id(0), id(1), id(2), id(0)]);
    expect(() => topologicalOrder(graph)).toThrow(/dependency cycle: m00000 → m00001 → m00002 → m00000/);
    expect(findCycle(buildGraph(chain(5)))).toBeUndefined();
  });

  it('refuses a graph exactly when the cycle search finds a cycle (random graphs, self-refs)', () => {
    let seed = 11;
    const rand = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % k;
    };
    let cyclic = 0;
    for (let round = 0; round < 200; round++) {
      const n = 1 + rand(30);
      // Mostly backward refs (a DAG), now and then a forward one or one to itself (a cycle, maybe).
      const nodes = Array.from({ length: n }, (_, i) => {
        const deps = i > 0 ? [rand(i)] : [];
        if (rand(12) === 0) deps.push(rand(n));
        return model(i, deps);
      });
      const graph = buildGraph(nodes);
      const cycle = findCycle(graph);
      if (cycle) {
        cyclic++;
        expect(() => assertAcyclic(graph)).toThrow(/dependency cycle/);
      } else expect(() => assertAcyclic(graph)).not.toThrow();
    }
    expect(cyclic).toBeGreaterThan(20);
    expect(cyclic).toBeLessThan(180);
  });
});

// A ref chain 5,000 deep used to die with "Maximum call stack size exceeded" (recursive cycle search and sort).
describe('graph algorithms at 50,000 nodes, without recursion', () => {
  const N = 50_000;

  it('sort, search for cycles and select along a 50,000-long ref chain', () => {
    const nodes = chain(N);
    const graph = buildGraph(nodes);
    expect(() => assertAcyclic(graph)).not.toThrow();
    expect(topologicalOrder(graph)).toEqual(nodes.map((n) => n.uniqueId));
    expect(ancestors(graph, id(N - 1)).size).toBe(N - 1);
    expect(descendants(graph, id(0)).size).toBe(N - 1);
    expect(descendants(graph, id(0), 3)).toEqual(new Set([id(1), id(2), id(3)]));
    const ctx = { graph };
    expect(selectNodes(ctx, { select: [`+m${String(N - 1).padStart(5, '0')}`] }).size).toBe(N);
    expect(selectNodes(ctx, { select: ['m00000+'] }).size).toBe(N);
    expect(selectNodes(ctx, { select: ['2+m00100+2'] }).size).toBe(5);
    expect(selectNodes(ctx, { select: ['@m25000'] }).size).toBe(N);
    // The cycle closed at the far end is found and named whole.
    const cyclic = buildGraph([model(0, [N - 1]), ...nodes.slice(1)]);
    const cycle = findCycle(cyclic)!;
    expect(cycle).toHaveLength(N + 1);
    expect([cycle[0], cycle[N]]).toEqual([id(0), id(0)]);
  });

  it('sort and select around a 50,000-wide fan-out and fan-in', () => {
    const nodes = fan(N);
    const graph = buildGraph(nodes);
    const order = topologicalOrder(graph);
    expect(order[0]).toBe(id(0));
    expect(order[N - 1]).toBe(id(N - 1));
    expect(new Set(order).size).toBe(N);
    expect(findCycle(graph)).toBeUndefined();
    expect(ancestors(graph, id(N - 1), 1).size).toBe(N - 2);
    expect(selectNodes({ graph }, { select: ['@m00001'] }).size).toBe(N);
  });

  it('lays out the docs lineage of a 50,000-long chain and a 50,000-wide fan', () => {
    for (const [nodes, edges] of [
      [chain(N), N - 1],
      [fan(N), 2 * (N - 2)],
    ] as const) {
      const layout = layoutLineage(nodes.map((n) => ({ id: n.uniqueId, label: n.name, parents: n.dependsOn.nodes })));
      expect(layout.nodes).toHaveLength(N);
      const at = new Map(layout.nodes.map((n) => [n.id, n]));
      // Every parent sits in an earlier column.
      const backwards = layout.edges.filter((e) => at.get(e.from)!.x + at.get(e.from)!.width >= at.get(e.to)!.x);
      expect(backwards).toEqual([]);
      expect(layout.edges).toHaveLength(edges);
    }
  });
});
