import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../materialize/index.js';
import { batchesOf } from './execute-plan.js';

const plan: Plan = {
  verb: 'created table',
  steps: [
    { sql: 'create table a (x int)', label: 'create' },
    { sql: 'copy a from stdin', label: 'copy', copy: true },
    { sql: 'create index on a (x)', label: 'index' },
    { sql: 'analyze a', label: 'analyze' },
    { sql: 'comment on table a is $$a$$', label: 'comment' },
  ],
};
const batching = { batch: async () => [] };

describe('batchesOf', () => {
  afterEach(() => {
    delete process.env.TSMODEL_FAULT_AT;
  });

  it('sends consecutive statements together, a COPY alone', () => {
    expect(batchesOf(plan, batching, 'a')).toEqual([[0], [1], [2, 3, 4]]);
  });

  it('runs statements one by one on a connection that cannot batch', () => {
    expect(batchesOf(plan, {}, 'a')).toEqual([[0], [1], [2], [3], [4]]);
  });

  it("ends a batch at this node's fault point, so a crash test kills the process right after that statement", () => {
    process.env.TSMODEL_FAULT_AT = 'a:step-4';
    expect(batchesOf(plan, batching, 'a')).toEqual([[0], [1], [2, 3], [4]]);
    expect(batchesOf(plan, batching, 'b')).toEqual([[0], [1], [2, 3, 4]]);
  });
});
