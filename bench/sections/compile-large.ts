/**
 * The compile section's growth row past 10,000 models (issue 19: "linear,
 * and 50,000 runs at all"): one cold `tsmodel compile` of a 50,000-model
 * project as a whole process, the same command as the 10,000-model cold row,
 * and its time per model against that row's. Skipped, with the prediction,
 * when --cap says it would take too long.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { median } from '../lib/stats.js';
import type { SectionReport } from '../lib/results.js';
import { writeSyntheticProject } from '../synthetic-project.js';
import { cli, COLD_ARGS, writePgliteProfile, type Sample } from './compile-cli.js';

const LARGE = 50_000;

export async function compileLargeRows(
  ctx: BenchContext,
  report: SectionReport,
  base: { models: number; cold: Sample[] },
): Promise<void> {
  const perModel = median(base.cold.map((s) => s.ms)) / base.models;
  const predictedMs = perModel * LARGE;
  const label = `tsmodel compile, whole process, nothing in target/, ${LARGE.toLocaleString('en-US')} models`;
  if (predictedMs > ctx.capS * 1000) {
    report.predicted('cli-compile-50000-ms', label, 'ms', predictedMs, {
      note: `not run: predicted above --cap ${ctx.capS} s from the ${base.models.toLocaleString('en-US')}-model row`,
    });
    return;
  }
  const project = writeSyntheticProject(ctx.freshDir('compile', `models-${LARGE}`), { models: LARGE });
  writePgliteProfile(project);
  ctx.log(`compile (whole process): ${LARGE.toLocaleString('en-US')} models, once`);
  const sample = await cli(ctx, project, COLD_ARGS);
  const tests = project.tests.toLocaleString('en-US');
  report.measured('cli-compile-50000-ms', `${label} + ${tests} tests`, 'ms', [sample.ms]);
  report.measured('cli-compile-50000-rss', `${label}: peak RSS`, 'MB', [sample.rss]);
  report.ratio(
    'cli-compile-growth-50000',
    `time per model, ${LARGE.toLocaleString('en-US')} / ${base.models.toLocaleString('en-US')} models (whole process)`,
    [sample.ms / LARGE / perModel],
    { goal: { op: '<=', value: 1.2, source: 'issue 19: linear growth, and 50,000 runs at all' } },
  );
  rmSync(join(project.dir, 'target'), { recursive: true, force: true });
}
