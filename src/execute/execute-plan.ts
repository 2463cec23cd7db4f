import type { Adapter, CopySource } from '../adapters/index.js';
import { DatabaseError } from '../adapters/index.js';
import type { Plan, Step } from '../materialize/index.js';
import { faultPoint } from './fault-point.js';

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
 * Runs a plan's statements in one transaction. A COPY step is fed from
 * `copySource()`. A failing statement rolls everything back and is reported
 * as a StepFailure (other errors pass through). `node` names the node for
 * the crash tests' fault points (fault-point.ts).
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
  await adapter.transaction(async (conn) => {
    for (const [i, step] of plan.steps.entries()) {
      try {
        if (step.copy) {
          if (!copySource) throw new Error(`step '${step.label}' needs a file to copy from`);
          const rows = await conn.copyFrom(step.sql, copySource());
          if (step.countsRows) {
            out.rows = rows;
            out.command = 'COPY';
            counted = true;
          }
          faultPoint(node, `step-${i + 1}`);
          continue;
        }
        const res = await conn.query(step.sql);
        if (step.monitor) out.monitor = res.rows[0];
        if (step.countsRows) {
          // Several counting statements (a snapshot's inserts) add up.
          out.rows = out.rows === null || out.command !== res.command ? res.rowCount : out.rows + (res.rowCount ?? 0);
          out.command = res.command;
          counted = true;
        } else if (!counted) out.command = res.command || out.command;
        faultPoint(node, `step-${i + 1}`);
      } catch (err) {
        if (err instanceof DatabaseError) throw new StepFailure(err, step, i);
        throw err;
      }
    }
  });
  faultPoint(node, 'committed');
  return out;
}
