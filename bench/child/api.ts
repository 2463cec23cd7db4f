/**
 * Child process: one or more calls of tsmodel's API (compile, run, seed,
 * snapshot, build) on a project, each timed in-process; prints the times,
 * the outcome and the process's peak RSS.
 *
 *   node --import tsx bench/child/api.ts '{"command":"run","projectDir":"…","target":{…}}'
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build, compile, run, seed, snapshot, test, type RunSummary } from '../../src/api/index.js';
import type { TargetConfig } from '../../src/config/types.js';
import { createAdapter } from '../../src/adapters/index.js';
import { countRoundTrips } from '../../src/adapters/round-trips.js';
import { maxRssMb, printResult } from '../lib/proc.js';

export interface ApiChildInput {
  command: 'compile' | 'run' | 'seed' | 'snapshot' | 'build' | 'test';
  projectDir: string;
  target: TargetConfig;
  threads?: number;
  vars?: Record<string, unknown>;
  select?: string[];
  fullRefresh?: boolean;
  /** test / build: false runs one query per data test instead of shared scans. */
  batchTests?: boolean;
  /** test / build: where unit tests run (embedded: an in-memory PGlite). */
  unitOn?: 'target' | 'embedded';
  /** Reuse and keep the parse in target/partial_parse.bin, as the CLI does by default (--partial-parse). */
  partialParse?: boolean;
  /** --defer with the manifest folder --state (team-flow section). */
  defer?: boolean;
  state?: string;
  /** Calls made one after another in this process (default 1). */
  repeat?: number;
  /** After call i, move target/run to target/run-<i> and copy run_results.json to run_results-<i>.json. */
  keepRunFiles?: boolean;
  /** Count each call's round trips to the database (one adapter for every call, wrapped to count). */
  countRoundTrips?: boolean;
}

export interface ApiCall {
  ms: number;
  success: boolean;
  nodes: number;
  statuses: Record<string, number>;
  failures: string[];
  maxRssMb: number;
  /** Runs with data tests: how many ran, and how many were counted in a shared scan. */
  tests?: { total: number; batched: number };
  /** With countRoundTrips: requests sent to the database (the run lock's blocked-session watch left out). */
  roundTrips?: number;
}

export interface ApiChildResult {
  ok: boolean;
  error?: string;
  /** From the process's start to the first call: Node, tsx and importing tsmodel. */
  startupMs: number;
  calls: ApiCall[];
  maxRssMb: number;
}

const startupMs = performance.now();
const input = JSON.parse(process.argv[2]!) as ApiChildInput;
const calls: ApiCall[] = [];
const counted = input.countRoundTrips ? countRoundTrips(createAdapter(input.target)) : undefined;
const roundTrips = () => counted?.log().filter((s) => !s.includes('pg_blocking_pids')).length ?? 0;
try {
  const opts = {
    ...(counted ? { adapter: counted.adapter } : {}),
    projectDir: input.projectDir,
    targetConfig: input.target,
    threads: input.threads,
    vars: input.vars,
    select: input.select,
    fullRefresh: input.fullRefresh,
    batchTests: input.batchTests,
    ...(input.unitOn ? { unitOn: input.unitOn } : {}),
    ...(input.partialParse ? { partialParse: true } : {}),
    ...(input.defer ? { defer: true } : {}),
    ...(input.state ? { state: input.state } : {}),
  };
  for (let i = 0; i < (input.repeat ?? 1); i++) {
    const sent = roundTrips();
    const t0 = performance.now();
    if (input.command === 'compile') {
      const r = compile(opts);
      calls.push({
        ms: performance.now() - t0,
        success: true,
        nodes: r.compiled.length,
        statuses: { compiled: r.compiled.length },
        failures: [],
        maxRssMb: maxRssMb(),
      });
      continue;
    }
    const fn = { run, seed, snapshot, build, test }[input.command];
    const r: RunSummary = await fn(opts);
    const ms = performance.now() - t0;
    const statuses: Record<string, number> = {};
    for (const o of r.results) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
    const failures = r.results
      .filter((o) => o.status === 'error' || o.status === 'fail')
      .slice(0, 5)
      .map((o) => `${o.node.name}: ${o.message}`.slice(0, 500));
    const tests = r.quality
      ? { total: r.quality.tests.length, batched: r.quality.tests.filter((t) => t.batched).length }
      : undefined;
    calls.push({
      ms,
      success: r.success,
      nodes: r.results.length,
      statuses,
      failures,
      maxRssMb: maxRssMb(),
      ...(tests ? { tests } : {}),
      ...(counted ? { roundTrips: roundTrips() - sent } : {}),
    });
    if (input.keepRunFiles) {
      const target = join(input.projectDir, 'target');
      rmSync(join(target, `run-${i}`), { recursive: true, force: true });
      if (existsSync(join(target, 'run'))) renameSync(join(target, 'run'), join(target, `run-${i}`));
      copyFileSync(join(target, 'run_results.json'), join(target, `run_results-${i}.json`));
    }
  }
  await counted?.adapter.close();
  await printResult({ ok: true, startupMs, calls, maxRssMb: maxRssMb() } satisfies ApiChildResult);
} catch (err) {
  await printResult({
    ok: false,
    error:
      err instanceof Error
        ? `${err.message}${'errors' in err ? ` ${JSON.stringify((err as { errors: unknown[] }).errors.slice(0, 3).map(String))}` : ''}`
        : String(err),
    startupMs,
    calls,
    maxRssMb: maxRssMb(),
  } satisfies ApiChildResult);
}
process.exit(0);
