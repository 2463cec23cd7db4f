/**
 * lineage: column-level lineage (issue 22) of a synthetic project of 1,000 models, in this process:
 * the analysis alone (PostgreSQL's parser + our resolution, given the compiled SQL), per model, and
 * against its peer measured in the same run — compiling the same models offline, which lineage needs first.
 * `run` never computes lineage unless a column: selector asks for it, so it adds nothing there. Then the same
 * pass with the analyses kept in the process (lineage/memo.ts) after one model's SQL changed.
 */
import { performance } from 'node:perf_hooks';
import { columnLineageOf, loadColumnLineage } from '../../src/api/column-lineage.js';
import { offlineCompiler } from '../../src/api/compile.js';
import { loadProject } from '../../src/api/load.js';
import { pgliteTargetAt } from '../lib/context.js';
import { ratios } from '../lib/stats.js';
import { writeSyntheticProject } from '../synthetic-project.js';
import type { Section } from './types.js';

export const lineageSection: Section = {
  name: 'lineage',
  title: 'column lineage',
  async run(ctx, report) {
    const n = ctx.quick ? 100 : 1_000;
    const project = writeSyntheticProject(ctx.freshDir('lineage', `models-${n}`), { models: n });
    const t0 = performance.now();
    await loadColumnLineage();
    report.measured('lineage-parser-load', "loading PostgreSQL's parser (WebAssembly), once per process", 'ms', [
      performance.now() - t0,
    ]);
    const loaded = loadProject({ projectDir: project.dir, targetConfig: pgliteTargetAt(`${project.dir}/.unused-db`) });
    const sqlNodes = [...loaded.graph.nodes.values()].filter((x) => x.rawCode && x.resourceType === 'model');
    const compileMs: number[] = [];
    const lineageMs: number[] = [];
    let columns = 0;
    let unresolved = 0;
    for (let i = 0; i < ctx.runs; i++) {
      ctx.log(`lineage: ${n} models, run ${i + 1}/${ctx.runs}`);
      const c0 = performance.now();
      const compiler = offlineCompiler(loaded);
      const compiled = new Map(sqlNodes.map((x) => [x.uniqueId, { sql: compiler.compile(x.uniqueId).compiledSql }]));
      compileMs.push(performance.now() - c0);
      const l0 = performance.now();
      const lineage = columnLineageOf(loaded, compiled, false);
      lineageMs.push(performance.now() - l0);
      const cols = Object.values(lineage.nodes).flatMap((e) => e.columns);
      columns = cols.length;
      unresolved = cols.filter((c) => c.unknown).length;
    }
    report.measured(
      'lineage-1k-ms',
      `column lineage of ${n.toLocaleString('en-US')} models (compiled SQL given)`,
      'ms',
      lineageMs,
      {
        goal: { op: '<=', value: 1000, source: 'issue 22: under 1 s for 1,000 models' },
      },
    );
    report.measured(
      'lineage-per-model',
      'column lineage per model',
      'ms',
      lineageMs.map((t) => t / sqlNodes.length),
    );
    report.ratio(
      'lineage-vs-compile',
      'column lineage / compiling the same models offline',
      ratios(lineageMs, compileMs),
      {
        note: `compile: ${Math.round(compileMs.sort((a, b) => a - b)[Math.floor(compileMs.length / 2)]!)} ms (median)`,
      },
    );
    // Kept analyses: one model's SQL changed (a comment added) between passes; the rest taken as kept.
    const compiler = offlineCompiler(loaded);
    const compiled = new Map(sqlNodes.map((x) => [x.uniqueId, { sql: compiler.compile(x.uniqueId).compiledSql }]));
    columnLineageOf(loaded, compiled);
    const first = sqlNodes[0]!.uniqueId;
    const keptMs: number[] = [];
    for (let i = 0; i < ctx.runs; i++) {
      compiled.set(first, { sql: `${compiled.get(first)!.sql}\n-- edit ${i}` });
      const k0 = performance.now();
      columnLineageOf(loaded, compiled);
      keptMs.push(performance.now() - k0);
    }
    report.measured(
      'lineage-1k-one-changed-ms',
      `column lineage of ${n.toLocaleString('en-US')} models, one model's SQL changed (analyses kept in the process)`,
      'ms',
      keptMs,
    );
    report.details.lineage = { models: sqlNodes.length, columns, unresolvedColumns: unresolved };
    if (ctx.quick) report.note('quick: 100 models.');
  },
};
