/**
 * Data tests at run time: shared-scan batches, counting queries, the quality score, and source freshness. The catalogue
 * of built-in tests lives in test-catalog/ (parse/ reads it too); it is re-exported here for callers.
 */
export type { TestOutcome, TestStatus } from './types.js';
export * from '../test-catalog/index.js';
export { planBatches, builtinInUse, type BatchGroup, type BatchPlan } from './batch-plan.js';
export { batchQuery, readBatchRow, MAX_BATCH, type BatchMember, type Counts } from './batch.js';
export { countQuery, sampleQuery, limitedSql, SAMPLE_SIZE } from './test-sql.js';
export { jsonSafeRow, countOf } from './rows.js';
export {
  scoreSet,
  testScore,
  round2,
  EQUAL_WEIGHTS,
  type ScoreSet,
  type ScoredTest,
  type DimensionScore,
  type Weights,
} from './score.js';
export { readQualityConfig, type QualityConfig } from './quality-config.js';
export { assessQuality, type Assessment, type TestRecord, type ThresholdCheck } from './quality.js';
export { layerOf, scoredNodeOf } from './layers.js';
export {
  describeAge,
  describeCriteria,
  freshnessCriteria,
  freshnessPlan,
  freshnessStatus,
  FRESHNESS_PERIODS,
  type FreshnessCriteria,
  type FreshnessPeriod,
  type FreshnessPlan,
  type FreshnessStatus,
  type FreshnessTime,
  type LoadedAt,
} from './freshness.js';
export { freshnessSql, isoMicros, readFreshness, readFreshnessRow, type FreshnessReading } from './freshness-query.js';
