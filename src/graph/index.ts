export type { Graph } from './types.js';
export {
  buildGraph,
  findCycle,
  assertAcyclic,
  topologicalOrder,
  ancestors,
  descendants,
  ancestorsOfAll,
  descendantsOfAll,
} from './build.js';
export { runParents, runChildren } from './run-parents.js';
export { seedLoadedSources, seedGates, type SeedLoadedSource } from './seed-sources.js';
