/**
 * One database for a section, on PostgreSQL or PGlite, behind the few calls
 * the sections need: a tsmodel target, untimed setup SQL and queries, and a
 * timed baseline script (psql -f on PostgreSQL, from spawn to exit; PGlite's
 * own exec in a child process on PGlite, opening included — the physical
 * limit on each engine).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfig } from '../../src/config/types.js';
import type { PgliteChildInput, PgliteStep } from '../child/pglite-sql.js';
import type { BenchContext } from './context.js';
import type { BenchDb } from './pg.js';
import { runChild } from './proc.js';
import type { Engine } from './results.js';

export interface BenchEngine {
  kind: Engine;
  target(threads?: number): TargetConfig;
  exec(sql: string): Promise<void>;
  query<R = Record<string, unknown>>(sql: string): Promise<R[]>;
  /**
   * Runs a script as the baseline and returns its time in ms (psql: spawn to exit; PGlite: the statements,
   * without opening the database).
   */
  timedScript(sql: string, timeoutMs?: number): Promise<number>;
  /** Runs `setup` (untimed), then each script timed on its own; one process on PGlite. */
  timedScripts(setup: string, scripts: string[], timeoutMs?: number): Promise<number[]>;
  dispose(): Promise<void>;
}

interface PgliteChildResult {
  ms: number;
  times: number[];
  openMs: number;
  rows: unknown[];
}

/** PostgreSQL when the benchmark has it, else PGlite (sections say which they used). */
export async function openEngine(
  ctx: BenchContext,
  section: string,
  prefer: Engine = ctx.pg ? 'postgres' : 'pglite',
): Promise<BenchEngine> {
  if (prefer === 'postgres') {
    if (!ctx.pg) throw new Error('PostgreSQL is not available');
    return postgresEngine(ctx, await ctx.pg.createDb(section), section);
  }
  return pgliteEngine(ctx, section);
}

function postgresEngine(ctx: BenchContext, db: BenchDb, section: string): BenchEngine {
  let n = 0;
  const dir = ctx.freshDir(section, 'psql');
  const timedScript = (sql: string, timeoutMs?: number) => {
    const file = join(dir, `script-${++n}.sql`);
    writeFileSync(file, sql);
    return db.psqlFile(file, timeoutMs);
  };
  return {
    kind: 'postgres',
    target: (threads = 1) => db.target(threads),
    exec: async (sql) => void (await db.query(sql)),
    query: (sql) => db.query(sql),
    timedScript,
    timedScripts: async (setup, scripts, timeoutMs) => {
      if (setup) await db.query(setup);
      const out: number[] = [];
      for (const sql of scripts) out.push(await timedScript(sql, timeoutMs));
      return out;
    },
    dispose: () => db.drop(),
  };
}

async function pgliteEngine(ctx: BenchContext, section: string): Promise<BenchEngine> {
  const home = ctx.freshDir(section, 'pglite');
  const dir = join(home, 'db');
  const target = await ctx.pgliteTarget(dir);
  const child = (steps: PgliteStep[], timeoutMs?: number, setup?: string) =>
    runChild<PgliteChildResult>('pglite-sql', { dataDir: dir, steps, setup } satisfies PgliteChildInput, { timeoutMs });
  return {
    kind: 'pglite',
    target: () => target,
    exec: async (sql) => void (await child([{ kind: 'exec', sql }])),
    query: async <R>(sql: string) => (await child([{ kind: 'query', sql }])).result.rows as R[],
    // Opening the database counts, as it does in tsmodel's timings (psql's include connecting too).
    timedScript: async (sql, timeoutMs) => {
      const r = (await child([{ kind: 'exec', sql }], timeoutMs)).result;
      return r.openMs + r.ms;
    },
    timedScripts: async (setup, scripts, timeoutMs) => {
      const r = (
        await child(
          scripts.map((sql) => ({ kind: 'exec', sql })),
          timeoutMs,
          setup || undefined,
        )
      ).result;
      return r.times.map((t) => t + r.openMs);
    },
    dispose: async () => rmSync(home, { recursive: true, force: true }),
  };
}
