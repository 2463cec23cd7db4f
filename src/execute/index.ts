/**
 * Execution: runs what compile and materialize planned, node by node, on an adapter — the DAG
 * scheduler, one node (model/snapshot), one seed, one data test and its shared-scan batches,
 * retries of transient errors, and the order tests run in relative to what they test.
 */
export { runDag, type Outcome, type ScheduleOptions } from './scheduler.js';
export { runNode, renderRunFile, type NodeRunContext, type NodeResult } from './run-node.js';
export { runSeed, type SeedRunContext } from './run-seed.js';
export { runTest, type TestRunContext } from './run-test.js';
export { TestBatches } from './test-batches.js';
export { placeTests, testGates } from './test-order.js';
export { executePlan, StepFailure, type PlanOutcome } from './execute-plan.js';
export { withRetries, type RetryPolicy } from './retry.js';
export { KeyedLock } from './keyed-lock.js';
export { relocateCompileError, describeTestFailure, type TestErrorContext } from './test-errors.js';
