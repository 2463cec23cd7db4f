import type { Adapter, Connection, CopySource, QueryResult } from '../adapters/index.js';
import { BatchError, DatabaseError } from '../adapters/index.js';
import type { Plan, Step } from '../materialize/index.js';
import { faultPoint, faultPointsOf } from './fault-point.js';

export interface PlanOutcome {
  rows: number | null;
  /** The command tag of the statement that counted rows (else of the last one). */
  command?: string;
  /** The first row of the monitoring step, if the plan has one. */
  monitor?: Record<string, unknown>;
}

/** A statement of the plan failed: which one, and where it sits in target/run/'s text. */
export class StepFailure extends Error {
  constructor(
    readonly error: DatabaseError,
    readonly step: Step,
    readonly index: number,
  ) {
    super(error.message);
  }
}

/**
 * The plan's steps in runs that go to the database together: consecutive statements form one batch (one round
 * trip where the connection batches); a COPY step, and any step a fault point waits after, stand alone.
 */
export function batchesOf(plan: Plan, conn: Pick<Connection, 'batch'>, node: string): number[][] {
  const stops = faultPointsOf(node);
  const out: number[][] = [];
  let current: number[] = [];
  const close = () => {
    if (current.length) out.push(current);
    current = [];
  };
  for (const [i, step] of plan.steps.entries()) {
    if (step.copy || !conn.batch) {
      close();
      out.push([i]);
      continue;
    }
    current.push(i);
    if (stops.has(`step-${i + 1}`)) close();
  }
  close();
  return out;
}

/**
 * Runs a plan's statements in one transaction, consecutive statements batched into one round trip
 * (batchesOf); BEGIN travels with the first batch and COMMIT with the last (adapters/lazy-transaction.ts),
 * so a plan without COPY is one round trip. A COPY step is fed from `copySource()`. A failing statement
 * rolls everything back and is reported as a StepFailure (other errors, a failed COMMIT's too, pass
 * through). `node` names the node for the crash tests' fault points (fault-point.ts).
 */
export async function executePlan(
  adapter: Adapter,
  plan: Plan,
  copySource?: () => CopySource,
  node = '',
): Promise<PlanOutcome> {
  const out: PlanOutcome = { rows: null };
  if (plan.steps.length === 0) return out;
  // Once a counting step ran, its tag stays (a view rebuild is CREATE VIEW, not the DROP of the old one after it).
  let counted = false;
  const record = (step: Step, res: QueryResult) => {
    if (step.monitor) out.monitor = res.rows[0];
    if (step.countsRows) {
      // Several counting statements (a snapshot's inserts) add up.
      out.rows = out.rows === null || out.command !== res.command ? res.rowCount : out.rows + (res.rowCount ?? 0);
      out.command = res.command;
      counted = true;
    } else if (!counted) out.command = res.command || out.command;
  };
  await adapter.transaction(async (conn) => {
    const batches = batchesOf(plan, conn, node);
    for (const [b, batch] of batches.entries()) {
      const first = batch[0]!;
      const last = batch[batch.length - 1]!;
      const step = plan.steps[first]!;
      try {
        if (step.copy) {
          if (!copySource) throw new Error(`step '${step.label}' needs a file to copy from`);
          const rows = await conn.copyFrom(step.sql, copySource());
          if (step.countsRows) {
            out.rows = rows;
            out.command = 'COPY';
            counted = true;
          }
        } else if (!conn.batch) {
          record(step, await conn.query(step.sql));
        } else {
          // The last batch carries the COMMIT, unless a fault point waits after it (inside the transaction).
          const commit = b === batches.length - 1 && !faultPointsOf(node).has(`step-${last + 1}`);
          const results = await conn.batch(
            batch.map((i) => plan.steps[i]!.sql),
            { commit },
          );
          for (const [k, i] of batch.entries()) record(plan.steps[i]!, results[k]!);
        }
      } catch (err) {
        // A COMMIT that failed is the transaction's, not a statement's (index past the batch).
        if (err instanceof BatchError && err.index >= batch.length) throw err.error;
        if (err instanceof BatchError) {
          const i = batch[err.index]!;
          throw new StepFailure(err.error, plan.steps[i]!, i);
        }
        if (err instanceof DatabaseError) throw new StepFailure(err, step, first);
        throw err;
      }
      faultPoint(node, `step-${last + 1}`);
    }
  });
  faultPoint(node, 'committed');
  return out;
}
