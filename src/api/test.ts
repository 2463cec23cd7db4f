import { execute, type RunOptions, type RunSummary } from './run.js';

/**
 * `tsmodel test`: runs the selected data tests (generic and singular) on what
 * is built, scores them (target/quality_report.json) and fails when a test of
 * severity error fails or the score is below quality.min_score.
 */
export function test(opts: RunOptions = {}): Promise<RunSummary> {
  return execute('test', ['test', 'unit_test'], opts);
}
