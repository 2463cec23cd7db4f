export type { Materialization, MaterializeInput, Plan, Step, ConstraintDef } from './types.js';
export { MaterializationRegistry } from './registry.js';
export { buildAndSwap, recreateDependents, tempRelation } from './swap.js';
export { tableBuild } from './table.js';
export { planSeed, seedSwaps, normalizeType, LOADED_AT, type SeedFormat, type SeedPlanInput } from './seed.js';
export { foldUnquoted, inferType, quotesColumns, seedColumns } from './seed-types.js';
export { snapshotMetaColumnNames } from './snapshot.js';
