import type { Adapter } from '../adapters/index.js';
import {
  batchQuery,
  MAX_BATCH,
  readBatchRow,
  type BatchGroup,
  type BatchPlan,
  type Counts,
} from '../data-tests/index.js';

/**
 * Runs each shared scan once, when the first of its tests asks, and hands
 * every member its counts. A scan that fails yields nothing: its tests then
 * run alone, so one bad test (a missing column) does not take the others
 * down and reports its own error.
 */
export class TestBatches {
  private readonly running = new Map<BatchGroup, Promise<Map<string, Counts> | undefined>>();

  constructor(
    private readonly adapter: Adapter,
    private readonly plan: BatchPlan,
  ) {}

  /** The test's counts from its shared scan; undefined when it is not in one or the scan failed. */
  async counts(testId: string): Promise<Counts | undefined> {
    const group = this.plan.get(testId);
    if (!group) return undefined;
    let run = this.running.get(group);
    if (!run) this.running.set(group, (run = this.scan(group)));
    return (await run)?.get(testId);
  }

  /** How many queries the batches take (for reports and benchmarks). */
  get groupCount(): number {
    return new Set(this.plan.values()).size;
  }

  private async scan(group: BatchGroup): Promise<Map<string, Counts> | undefined> {
    const out = new Map<string, Counts>();
    try {
      for (let i = 0; i < group.members.length; i += MAX_BATCH) {
        const members = group.members.slice(i, i + MAX_BATCH);
        const res = await this.adapter.query(batchQuery(group.relationSql, members));
        for (const [id, c] of readBatchRow(res.rows[0] ?? {}, members)) out.set(id, c);
      }
      return out;
    } catch {
      return undefined;
    }
  }
}
