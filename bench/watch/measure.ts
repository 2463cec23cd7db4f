import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapter } from '../../src/adapters/index.js';
import { loadProject } from '../../src/api/load.js';
import type { PgliteTarget, TargetConfig } from '../../src/config/index.js';
import type { EventSink, TsmodelEvent, WatchSummary } from '../../src/events/index.js';
import { ParseCache } from '../../src/parse/index.js';
import { FileSnapshot } from '../../src/watch/files.js';
import { startWatch } from '../../src/watch/index.js';
import { editedModel, writeSyntheticProject } from './watch-project.js';

export interface MeasureOptions {
  /** Where to build: a fresh PGlite folder in the temp dir by default, or any target (PostgreSQL: its schema is used and left behind). */
  targetConfig?: TargetConfig;
  /** Edits measured (default 20). */
  edits?: number;
  /** Models in the project besides `edited` and `downstream` (default 20: a small project). */
  models?: number;
  /** Watch mode's debounce (default: watch's own). */
  debounceMs?: number;
  /** How long one edit may take before the measurement fails (default 60 s). */
  timeoutMs?: number;
  /** Receives every event of the watch session (progress, debugging). */
  events?: EventSink;
}

export interface LatencyResult {
  /** Milliseconds from the file write to the summary of the rebuild that committed `edited` and `downstream`. */
  p50: number;
  p95: number;
  samples: number[];
  /** Time each rebuild spent reading and parsing, in ms (same order as samples). */
  parseMs: number[];
  /** e.g. "pglite" or "postgres". */
  database: string;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `tsmodel run --watch` on a small synthetic project and edits one
 * model `edits` times, timing each from the write to the end of the rebuild
 * of that model and its one downstream model (both committed: the summary
 * follows the commits). Checks the database holds the last edit.
 */
export async function measureWatchLatency(opts: MeasureOptions = {}): Promise<LatencyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tsmodel-watch-measure-'));
  const target: TargetConfig =
    opts.targetConfig ??
    ({
      type: 'pglite',
      name: 'measure',
      profileName: 'synth',
      schema: 'main',
      threads: 1,
      retries: 0,
      retryDelayMs: 0,
      path: join(dir, '.tsmodel', 'db'),
    } satisfies PgliteTarget);
  writeSyntheticProject(dir, { models: opts.models ?? 20, perFolder: 10 });
  const adapter = createAdapter(target);
  const summaries: WatchSummary[] = [];
  let wake: (() => void) | undefined;
  const sink: EventSink = {
    emit(e: TsmodelEvent) {
      opts.events?.emit(e);
      if (e.type !== 'watch') return;
      summaries.push(e.summary);
      wake?.();
    },
  };
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const summaryOf = async (rebuild: number): Promise<WatchSummary> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = summaries.find((s) => s.rebuild === rebuild);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`watch rebuild ${rebuild} did not come within ${timeoutMs} ms`);
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 250);
      });
    }
  };
  const handle = await startWatch({
    projectDir: dir,
    targetConfig: target,
    adapter,
    command: 'run',
    events: sink,
    ...(opts.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}),
  });
  const samples: number[] = [];
  const parseMs: number[] = [];
  try {
    const first = await summaryOf(0);
    if (first.outcome !== 'built') throw new Error(`the first build of the measurement project ended ${first.outcome}`);
    const edits = opts.edits ?? 20;
    for (let i = 1; i <= edits; i++) {
      await sleep(80); // chokidar drops a second change of one file within 50 ms
      const t0 = performance.now();
      writeFileSync(join(dir, 'models', 'edited.sql'), editedModel(i));
      const s = await summaryOf(i);
      samples.push(performance.now() - t0);
      parseMs.push(handle.session.parseMs);
      if (s.outcome !== 'built' || !s.rebuilt.includes('edited') || !s.rebuilt.includes('downstream')) {
        throw new Error(`edit ${i}: expected edited and downstream rebuilt, got ${s.outcome}: ${s.rebuilt.join(', ')}`);
      }
    }
    const check = await adapter.query(`select distinct v from ${target.schema}.downstream`);
    if (check.rows.length !== 1 || Number(check.rows[0]!.v) !== edits)
      throw new Error(`downstream holds ${JSON.stringify(check.rows)}, not the last edit (${edits})`);
  } finally {
    await handle.stop();
    await adapter.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), samples, parseMs, database: target.type };
}

export interface ReparseResult {
  models: number;
  /** A whole parse without the cache (what every command does), ms. */
  full: { p50: number; samples: number[] };
  /** Parsing again after one model file changed, with the cache (what watch does), ms. */
  incremental: { p50: number; p95: number; samples: number[] };
  /** SQL/YAML files rendered per incremental parse (1 when only the edited file is). */
  renderedPerEdit: number[];
}

/** Full against incremental re-parse (read + parse + graph) of a synthetic project, one model edited each time. */
export function measureReparse(opts: { models?: number; edits?: number; fullRuns?: number } = {}): ReparseResult {
  const models = opts.models ?? 2000;
  const dir = mkdtempSync(join(tmpdir(), 'tsmodel-reparse-'));
  const target: PgliteTarget = {
    type: 'pglite',
    name: 'measure',
    profileName: 'synth',
    schema: 'main',
    threads: 1,
    retries: 0,
    retryDelayMs: 0,
    path: join(dir, '.tsmodel', 'db'),
  };
  try {
    writeSyntheticProject(dir, { models });
    const full: number[] = [];
    for (let i = 0; i < (opts.fullRuns ?? 3); i++) {
      const t0 = performance.now();
      loadProject({ projectDir: dir, targetConfig: target });
      full.push(performance.now() - t0);
    }
    const cache = new ParseCache();
    let snapshot: FileSnapshot | undefined;
    const load = () =>
      loadProject({
        projectDir: dir,
        targetConfig: target,
        incremental: { files: (config) => (snapshot ??= new FileSnapshot(config)).current(), parseCache: cache },
      });
    load();
    const incremental: number[] = [];
    const rendered: number[] = [];
    for (let i = 1; i <= (opts.edits ?? 20); i++) {
      const path = `models/f${String(Math.floor(((i * 37) % models) / 100)).padStart(3, '0')}/m${(i * 37) % models}.sql`;
      const t0 = performance.now();
      writeFileSync(join(dir, path), `{{ config(tags=['edited']) }}\nselect ${i} as id, 0 as amount, 'x' as label\n`);
      snapshot!.update([path]);
      load();
      incremental.push(performance.now() - t0);
      rendered.push(cache.stats.rendered);
    }
    const sortedFull = [...full].sort((a, b) => a - b);
    const sorted = [...incremental].sort((a, b) => a - b);
    return {
      models,
      full: { p50: percentile(sortedFull, 0.5), samples: full },
      incremental: { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), samples: incremental },
      renderedPerEdit: rendered,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
