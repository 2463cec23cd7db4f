/** Data tests: built-in generic tests, their configs, shared-scan batches, and the quality score. */
export type { BuiltinTest, Dimension, TestOutcome, TestStatus } from './types.js';
export { DIMENSIONS } from './types.js';
export { BUILTIN_TESTS, BUILTIN_TEST_MACROS, builtinTest, builtinTestNames } from './registry.js';
export { defaultDimension, isDimension } from './dimensions.js';
export { readTestConfig, type TestConfig, type ConfigProblem } from './test-config.js';
export { parseThreshold, holds, verdict, type Threshold, type Verdict } from './thresholds.js';
export { testCall, jinjaLiteral, isJinjaArgument, modelExpression, IDENTIFIER } from './test-call.js';
