/**
 * compile: a full parse + compile (tsmodel compile, writing target/) of
 * synthetic projects of 1,000 and 10,000 models, each in a fresh child
 * process; the same call again in that process (nothing changed) shows
 * whether a second compile is faster. Compared with Dataform 2.6.7 compiling the same project in the same run
 * (compile-dataform.ts) and with published anchors.
 */
import { join } from 'node:path';
import type { ApiChildInput, ApiChildResult } from '../child/api.js';
import { pgliteTargetAt } from '../lib/context.js';
import { attachProfile } from '../lib/profile.js';
import { runChild } from '../lib/proc.js';
import { growthExponent, median, ratios } from '../lib/stats.js';
import { writeSyntheticProject, type SyntheticProject } from '../synthetic-project.js';
import { compileCliRows } from './compile-cli.js';
import { compileDataformRows } from './compile-dataform.js';
import { compileLargeRows } from './compile-large.js';
import type { Section } from './types.js';

/** Published anchors (not measured here). */
const DBT_FUSION_10K_MS = 600; // dbt's Rust engine: 10,000 models parsed in under 600 ms
const DBT_CORE_NODES = 1_599 + 5_000; // dbt-core issue 11421: 1,599 models and 5,000 tests …
const DBT_CORE_MS = 167_000; // … parsed in about 2 min 47 s

export const compileSection: Section = {
  name: 'compile',
  title: 'compile',
  async run(ctx, report) {
    const sizes = ctx.quick ? [50, 200] : [1_000, 10_000];
    const firstBySize = new Map<number, number[]>();
    const rssBySize = new Map<number, number[]>();
    const nodesBySize = new Map<number, number>();
    let largest: SyntheticProject | undefined;
    for (const n of sizes) {
      const project = writeSyntheticProject(ctx.freshDir('compile', `models-${n}`), { models: n });
      largest = project;
      report.details[`project_${n}`] = {
        models: project.models,
        tests: project.tests,
        layers: project.layers,
        tables: project.tables,
        views: project.views,
        files: project.files,
      };
      const first: number[] = [];
      const second: number[] = [];
      const rss: number[] = [];
      const wall: number[] = [];
      const startup: number[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        ctx.log(`compile: ${n} models, run ${i + 1}/${ctx.runs}`);
        const profDir = i === ctx.runs - 1 && n === sizes.at(-1) ? ctx.profileDir(`compile-${n}`) : undefined;
        const input: ApiChildInput = {
          command: 'compile',
          projectDir: project.dir,
          target: pgliteTargetAt(join(project.dir, '.unused-db')),
          repeat: 2,
        };
        const r = await runChild<ApiChildResult>('api', input, { cpuProfDir: profDir, timeoutMs: ctx.capS * 4 * 1000 });
        const [a, b] = r.result.calls;
        first.push(a!.ms);
        second.push(b!.ms);
        rss.push(a!.maxRssMb);
        wall.push(r.wallMs);
        startup.push(r.result.startupMs);
        nodesBySize.set(n, a!.nodes);
        attachProfile(report.details, `profile_${n}`, profDir);
      }
      firstBySize.set(n, first);
      rssBySize.set(n, rss);
      const big = n === sizes.at(-1) && !ctx.quick;
      report.measured(
        `compile-${n}-ms`,
        `parse + compile, ${n.toLocaleString('en-US')} models + ${project.tests.toLocaleString('en-US')} tests`,
        'ms',
        first,
        big ? { goal: { op: '<=', value: 1000, source: 'issue 10: under 1 s' } } : {},
      );
      report.measured(
        `compile-${n}-rss`,
        `peak RSS, ${n.toLocaleString('en-US')} models`,
        'MB',
        rss,
        big ? { goal: { op: '<=', value: 400, source: 'issue 10: under 400 MB' } } : {},
      );
      report.ratio(
        `compile-${n}-second`,
        `second compile / first, same process, ${n.toLocaleString('en-US')} models`,
        ratios(second, first),
        { goal: { op: '<=', value: 1, source: 'issue 10: a second compile must be faster' } },
      );
      report.measured(
        `compile-${n}-process`,
        `whole process (Node + tsx start, compile twice), ${n.toLocaleString('en-US')} models`,
        'ms',
        wall,
      );
      report.measured(`compile-${n}-startup`, 'process start to first call (Node + tsx + imports)', 'ms', startup);
    }
    const cold = await compileCliRows(ctx, report, largest!);
    if (!ctx.quick) await compileLargeRows(ctx, report, { models: largest!.models, cold });
    await compileDataformRows(ctx, report);
    const [small, large] = sizes as [number, number];
    const growth = ratios(firstBySize.get(large)!, firstBySize.get(small)!);
    const exponent = growthExponent(small, median(firstBySize.get(small)!), large, median(firstBySize.get(large)!));
    const factor = large / small;
    report.ratio(
      'compile-growth-time',
      `compile time growth ${small.toLocaleString('en-US')} → ${large.toLocaleString('en-US')} models (${factor}× models)`,
      growth,
      {
        goal: { op: '<=', value: factor * 1.2, source: 'issue 10: linear growth (within 20 %)' },
        note: `growth exponent ${exponent.toFixed(2)} (1 = linear)`,
      },
    );
    report.ratio(
      'compile-growth-rss',
      `peak RSS growth ${small.toLocaleString('en-US')} → ${large.toLocaleString('en-US')} models`,
      ratios(rssBySize.get(large)!, rssBySize.get(small)!),
    );
    if (ctx.quick) {
      report.note('quick: 50 and 200 models; the anchors compare 10,000 models and are left out.');
      return;
    }
    report.anchor(
      'anchor-fusion',
      'dbt Fusion (Rust): 10,000 models parsed',
      'ms',
      DBT_FUSION_10K_MS,
      'published upper bound, not measured here',
    );
    report.anchor(
      'anchor-dbt-core',
      'dbt-core (Python): 1,599 models + 5,000 tests parsed',
      'ms',
      DBT_CORE_MS,
      'dbt-core issue 11421, not measured here',
    );
    report.ratio(
      'compile-vs-fusion',
      `tsmodel ${large.toLocaleString('en-US')} models / dbt Fusion's 600 ms`,
      firstBySize.get(large)!.map((t) => t / DBT_FUSION_10K_MS),
      { note: 'against a published figure, not one measured here' },
    );
    const perNodeCore = DBT_CORE_MS / DBT_CORE_NODES;
    const nodes = nodesBySize.get(small)!;
    report.ratio(
      'compile-vs-dbt-core',
      `tsmodel time per node (${small.toLocaleString('en-US')} models) / dbt-core's per node`,
      firstBySize.get(small)!.map((t) => t / nodes / perNodeCore),
      {
        note:
          `dbt-core: ${perNodeCore.toFixed(1)} ms per node (published); tsmodel compiles ` +
          `${nodes.toLocaleString('en-US')} nodes (models + tests)`,
      },
    );
  },
};
