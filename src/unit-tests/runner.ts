import type { Adapter } from '../adapters/index.js';
import { TsmodelError } from '../errors/index.js';
import type { Graph } from '../graph/index.js';
import type { ParseEnv, ProjectNode } from '../parse/index.js';
import { ColumnTypes } from './columns.js';
import { compareGroups, type RowGroup } from './compare.js';
import { diagnose, UnitTestProblem } from './diagnose.js';
import { diffRecord, diffSummary, formatDiff, type DiffRecord } from './diff-format.js';
import { prepareUnitTest, side, type PreparedUnitTest } from './prepare.js';

/** A unit test's result, in the shape of the scheduler's node results (execute/run-node.ts's NodeResult). */
export interface UnitTestResult {
  uniqueId: string;
  status: 'pass' | 'fail' | 'error';
  message: string;
  rowsAffected: number | null;
  compiledSql?: string;
  error?: TsmodelError;
  unitTest: UnitTestRecord;
  timing: { name: 'execute'; startedAt: string; completedAt: string }[];
  elapsedMs: number;
}

/** What run_results.json records of a unit test. */
export interface UnitTestRecord {
  model: string;
  /** Where it ran: the target's description, or the embedded database. */
  ran_on: string;
  diff?: DiffRecord;
}

export interface UnitTestRunnerOptions {
  graph: Graph;
  penv: ParseEnv;
  projectRoot: string;
  adapter: Adapter;
  /** Trust relations already in the database for column types (not on the embedded database). */
  useDatabase: boolean;
  /** Printed with each result, e.g. "embedded database (in memory)". */
  ranOn: string;
  /** The project's seeds, disabled ones too (they type the sources they load). */
  seeds?: readonly ProjectNode[];
}

type Prepared = { ok: PreparedUnitTest } | { problem: UnitTestProblem };

/**
 * Prepares the run's unit tests up front (a bad fixture stops the command
 * with exit 2 before anything runs), then runs each one: the model's query on
 * the fixture rows, inside a transaction that is rolled back, compared with
 * the expected rows as a multiset.
 */
export class UnitTestRunner {
  private readonly prepared = new Map<string, Prepared>();
  private readonly types: ColumnTypes;

  constructor(private readonly opts: UnitTestRunnerOptions) {
    this.types = new ColumnTypes({
      graph: opts.graph,
      penv: opts.penv,
      projectRoot: opts.projectRoot,
      adapter: opts.adapter,
      useDatabase: opts.useDatabase,
      seeds: opts.seeds,
    });
  }

  /** Prepares every unit test; returns the bad-input errors (each at its YAML line). */
  async preflight(nodes: readonly ProjectNode[]): Promise<TsmodelError[]> {
    const errors: TsmodelError[] = [];
    for (const node of nodes) {
      const p = await this.prepare(node);
      if ('problem' in p && p.problem.badInput) errors.push(p.problem.error);
    }
    return errors;
  }

  private async prepare(node: ProjectNode): Promise<Prepared> {
    const hit = this.prepared.get(node.uniqueId);
    if (hit) return hit;
    let p: Prepared;
    try {
      const ok = await prepareUnitTest(node, {
        graph: this.opts.graph,
        penv: this.opts.penv,
        adapter: this.opts.adapter,
        types: this.types,
      });
      // Planning the query checks every fixture value against its column type and every expected column.
      await this.opts.adapter.query(`explain ${ok.sql}`).catch(async (err: unknown) => {
        throw await diagnose(node, ok, this.opts.adapter, err);
      });
      p = { ok };
    } catch (err) {
      const problem =
        err instanceof UnitTestProblem
          ? err
          : new UnitTestProblem(
              err instanceof TsmodelError
                ? err
                : new TsmodelError('internal', String((err as Error)?.message ?? err), { location: node.location }),
              false,
            );
      p = { problem };
    }
    this.prepared.set(node.uniqueId, p);
    return p;
  }

  /** Runs one unit test. Never throws: problems become an error result. */
  async run(node: ProjectNode): Promise<UnitTestResult> {
    const started = Date.now();
    const startedAt = new Date().toISOString();
    const record: UnitTestRecord = { model: node.unitTest!.model, ran_on: this.opts.ranOn };
    const done = (r: Omit<UnitTestResult, 'uniqueId' | 'timing' | 'elapsedMs' | 'unitTest'>, sql?: string) => ({
      uniqueId: node.uniqueId,
      ...r,
      ...(sql ? { compiledSql: sql } : {}),
      timing: [{ name: 'execute' as const, startedAt, completedAt: new Date().toISOString() }],
      elapsedMs: Date.now() - started,
      unitTest: record,
    });
    const p = await this.prepare(node);
    if ('problem' in p)
      return done({ status: 'error', message: p.problem.error.message, rowsAffected: null, error: p.problem.error });
    const { sql, columns } = p.ok;
    let rows: Record<string, unknown>[];
    try {
      rows = await this.opts.adapter.withConnection(async (conn) => {
        await conn.query('begin');
        try {
          return (await conn.query(sql)).rows;
        } finally {
          await conn.query('rollback');
        }
      });
    } catch (err) {
      const e = (await diagnose(node, p.ok, this.opts.adapter, err)).error;
      return done({ status: 'error', message: e.message, rowsAffected: null, error: e }, sql);
    }
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
    const groups: RowGroup[] = rows.map((r) => {
      const nExpected = Number(r.__ut_ne);
      const nActual = Number(r.__ut_na);
      return {
        ...(nExpected > 0 ? { expected: columns.map((_c, i) => text(r[side(i, 'e')])) } : {}),
        ...(nActual > 0 ? { actual: columns.map((_c, i) => text(r[side(i, 'a')])) } : {}),
        nExpected,
        nActual,
      };
    });
    const cmp = compareGroups(columns, groups);
    const returned = groups.reduce((n, g) => n + g.nActual, 0);
    if (cmp.equal) return done({ status: 'pass', message: `PASS (${returned} rows)`, rowsAffected: returned }, sql);
    record.diff = diffRecord(cmp);
    return done(
      {
        status: 'fail',
        message: `unit test of ${node.unitTest!.model}: ${diffSummary(cmp)}\n${formatDiff(cmp)}`,
        rowsAffected: cmp.missing + cmp.extra,
      },
      sql,
    );
  }
}
