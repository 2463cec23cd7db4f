import type { Relation } from '../parse/types.js';
import { runParents } from './run-parents.js';
import type { Graph } from './types.js';

/** A source table that a seed of the same run loads (jaffle-shop's raw tables with load_source_data). */
export interface SeedLoadedSource {
  source: string;
  seed: string;
}

const key = (r: Relation) => `${r.schema}\u0000${r.identifier}`;
const sameDatabase = (a: Relation, b: Relation) =>
  a.database === undefined || b.database === undefined || a.database === b.database;

/** The sources whose table a seed in `order` loads, each with that seed. */
export function seedLoadedSources(graph: Graph, order: readonly string[]): SeedLoadedSource[] {
  const seeds = new Map<string, { id: string; relation: Relation }>();
  for (const id of order) {
    const n = graph.nodes.get(id);
    if (n?.resourceType === 'seed' && n.relation) seeds.set(key(n.relation), { id, relation: n.relation });
  }
  if (seeds.size === 0) return [];
  const out: SeedLoadedSource[] = [];
  for (const n of graph.nodes.values()) {
    if (n.resourceType !== 'source' || !n.relation) continue;
    const seed = seeds.get(key(n.relation));
    if (seed && sameDatabase(seed.relation, n.relation)) out.push({ source: n.uniqueId, seed: seed.id });
  }
  return out;
}

/**
 * What waits for a seed that reloads a source's table in the same run: every node of `order` that reads the source
 * (through ephemerals too), mapped to the seeds it waits for. There is no ref() from the source to the seed, so
 * without this a model could read the table while the seed reloads it — and PostgreSQL's CREATE TABLE AS through
 * a view, blocked behind the reload's TRUNCATE, runs on the snapshot it took before the wait: it sees no rows.
 */
export function seedGates(graph: Graph, order: readonly string[], loaded: readonly SeedLoadedSource[]) {
  const gates = new Map<string, string[]>();
  if (loaded.length === 0) return gates;
  const seedOf = new Map(loaded.map((l) => [l.source, l.seed]));
  for (const id of order) {
    for (const p of runParents(graph, id)) {
      const seed = seedOf.get(p);
      if (seed === undefined || seed === id) continue;
      const g = gates.get(id);
      if (g) g.push(seed);
      else gates.set(id, [seed]);
    }
  }
  return gates;
}
