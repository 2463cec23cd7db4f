export type { Graph } from './types.js';
export { buildGraph, findCycle, assertAcyclic, topologicalOrder, ancestors, descendants } from './build.js';
