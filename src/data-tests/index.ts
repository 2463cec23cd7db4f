/** Data tests: built-in generic tests, their configs, shared-scan batches, and the quality score. */
export type { BuiltinTest, Dimension, TestOutcome, TestStatus } from './types.js';
export { DIMENSIONS } from './types.js';
export { BUILTIN_TESTS, BUILTIN_TEST_MACROS, builtinTest, builtinTestNames } from './registry.js';
export { defaultDimension, isDimension } from './dimensions.js';
export { readTestConfig, type TestConfig, type ConfigProblem } from './test-config.js';
export { parseThreshold, holds, verdict, type Threshold, type Verdict } from './thresholds.js';
export { testCall, jinjaLiteral, isJinjaArgument, modelExpression, IDENTIFIER } from './test-call.js';
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
