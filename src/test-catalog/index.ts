/**
 * The catalogue of built-in generic tests: their macros, arguments, quality dimensions and the
 * config keys a test accepts. Parsing reads it to turn YAML entries into test nodes; data-tests/
 * reads it to run and score them. It depends on nothing but errors/ and template/ types.
 */
export { DIMENSIONS, type BuiltinTest, type Dimension } from './types.js';
export { BUILTIN_TESTS, BUILTIN_TEST_MACROS, builtinTest, builtinTestNames } from './registry.js';
export { defaultDimension, isDimension } from './dimensions.js';
export { readTestConfig, type TestConfig, type ConfigProblem } from './test-config.js';
export { parseThreshold, holds, verdict, type Threshold, type Verdict } from './thresholds.js';
export { testCallShape, shapeValues, type TestShape, type ShapeTarget } from './test-shape.js';
export { testCall, jinjaLiteral, isJinjaArgument, modelExpression, IDENTIFIER } from './test-call.js';
