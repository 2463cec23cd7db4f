import { join } from 'node:path';
import type { Adapter, CopySource } from '../adapters/index.js';
import type { CatalogSnapshot } from '../adapters/catalog.js';
import type { PostgresDialect } from '../adapters/postgres-dialect.js';
import { TsmodelError, toErrorList } from '../errors/index.js';
import { planSeed, seedColumns, seedSwaps, type Plan, type SeedFormat } from '../materialize/index.js';
import { fullRefreshOf, type ProjectNode, type Relation } from '../parse/index.js';
import { CsvNullCounter, openCsvStream } from '../project/index.js';
import { executePlan, StepFailure, type PlanOutcome } from './execute-plan.js';
import type { KeyedLock } from './keyed-lock.js';
import { existingRelation, nodeDependents, noDependents } from './node-state.js';
import { renderRunFile, type NodeResult } from './run-node.js';
import { columnTypesOf, copyError, formatOf, inspect } from './seed-input.js';

export interface SeedRunContext {
  adapter: Adapter;
  dialect: PostgresDialect;
  projectRoot: string;
  runSuffix: string;
  fullRefresh: boolean;
  /** Pre/post hooks, rendered. */
  hooks(node: ProjectNode): { pre: string[]; post: string[] };
  /** The run's catalog snapshot: the seed's relation and its dependents are taken from it, not read per seed. */
  catalog?: CatalogSnapshot;
  /** Shared by the run's nodes: rebuilds that recreate the same dependents take turns (see node-state.ts). */
  dependentLock?: KeyedLock;
}

/** The COPY's source: the file, its rows and NULLs per column counted as it streams past. */
function countingSource(abs: string, format: SeedFormat, columns: number) {
  let counter = new CsvNullCounter(format, columns);
  return {
    source: (): CopySource => {
      counter = new CsvNullCounter(format, columns);
      return { stream: openCsvStream(abs, (chunk) => counter.feed(chunk)), quote: format.quote, header: format.header };
    },
    counts: () => counter.finish(),
  };
}

/**
 * Rows loaded and NULLs per column: as counted while streaming; read from the table instead should the count
 * disagree with COPY's (a file COPY reads differently, e.g. one holding an end-of-data marker line `\.`).
 */
async function monitorOf(
  ctx: SeedRunContext,
  relation: Relation,
  names: string[],
  outcome: PlanOutcome,
  counted: { records: number; nulls: number[] },
): Promise<{ rows: number; nulls: Record<string, number> }> {
  let { records: rows, nulls } = counted;
  if (rows !== outcome.rows) {
    const row = (await ctx.adapter.query(ctx.dialect.nullCounts(relation, names))).rows[0] ?? {};
    rows = Number(row.rows ?? 0);
    nulls = names.map((_n, i) => Number(row[`n${i}`] ?? 0));
  }
  return { rows, nulls: Object.fromEntries(names.map((n, i) => [n, nulls[i]!])) };
}

/**
 * Runs the plan; a statement that fails becomes the error the user sees (a COPY's with the file's line), except
 * a strict drop refused because something new depends on the table (2BP01), which is planned again.
 */
async function load(ctx: SeedRunContext, node: ProjectNode, plan: Plan, source: () => CopySource, strict: boolean) {
  try {
    return await executePlan(ctx.adapter, plan, source, node.name);
  } catch (err) {
    if (!(err instanceof StepFailure) || (strict && err.error.sqlstate === '2BP01')) throw err;
    if (err.step.copy) throw copyError(node, err);
    throw new TsmodelError('database', `${node.name} failed while trying to ${err.step.label}: ${err.error.message}`, {
      location: { file: node.originalFilePath },
      hint: err.error.hint,
      cause: err.error,
    });
  }
}

/** Loads one seed in one transaction. Never throws: failures become an error result. */
export async function runSeed(ctx: SeedRunContext, node: ProjectNode): Promise<NodeResult> {
  const started = Date.now();
  const startedAt = new Date().toISOString();
  let runSql: string | undefined;
  try {
    const abs = join(ctx.projectRoot, node.originalFilePath);
    const format = formatOf(node);
    const { sample, header } = inspect(node, abs, format);
    const columns = seedColumns(header, sample.rows, columnTypesOf(node), format.null);
    const relation = node.relation!;
    const existing = await existingRelation(ctx.adapter, ctx.catalog, relation);
    const fullRefresh = fullRefreshOf(node.config, ctx.fullRefresh);
    const swaps = seedSwaps({ node, existing, columns, fullRefresh });
    const hooks = ctx.hooks(node);
    const file = countingSource(abs, format, columns.length);
    let plan: Plan;
    let outcome: PlanOutcome;
    // Planned from the run's snapshot first; should something new depend on the table (its drop then fails
    // with 2BP01), planned again from a fresh read of its dependents.
    for (let fresh = !ctx.catalog; ; fresh = true) {
      const state = swaps
        ? await nodeDependents(ctx.adapter, ctx.dependentLock, ctx.catalog, relation, fresh)
        : noDependents();
      try {
        const strictDrops = state.fromSnapshot;
        plan = planSeed({
          node,
          relation,
          existing,
          dependents: state.dependents,
          strictDrops,
          columns,
          format,
          fullRefresh,
          runSuffix: ctx.runSuffix,
          dialect: ctx.dialect,
          preHooks: hooks.pre,
          postHooks: hooks.post,
          constraints: [],
        });
        runSql = renderRunFile(plan).text;
        try {
          outcome = await load(ctx, node, plan, file.source, strictDrops);
          break;
        } catch (err) {
          if (err instanceof StepFailure) continue; // a strict drop refused (see load): plan again
          throw err;
        }
      } finally {
        state.unlock();
      }
    }
    const monitor = await monitorOf(
      ctx,
      relation,
      columns.map((c) => c.name),
      outcome,
      file.counts(),
    );
    return {
      uniqueId: node.uniqueId,
      status: 'success',
      message: plan.verb,
      rowsAffected: monitor.rows,
      command: 'COPY',
      runSql,
      monitor,
      timing: [{ name: 'execute', startedAt, completedAt: new Date().toISOString() }],
      elapsedMs: Date.now() - started,
    };
  } catch (err) {
    const error = toErrorList(err)[0]!;
    return {
      uniqueId: node.uniqueId,
      status: 'error',
      message: error.message,
      rowsAffected: null,
      runSql,
      error,
      timing: [],
      elapsedMs: Date.now() - started,
    };
  }
}
