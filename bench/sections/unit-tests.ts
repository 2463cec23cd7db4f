/**
 * unit tests (issue 17): a project of 20 models with 10 unit tests each, run
 * by `tsmodel test --select test_type:unit` on an in-memory embedded database
 * (the default without a warehouse) and on PostgreSQL: the time per unit test
 * (the call's time divided by the tests, preparation and database start
 * included; and each test's own execution from run_results.json), and the
 * whole CLI process from spawn to exit. Nothing is built first: column types
 * come from the seed file and the models' queries.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiChildInput, ApiChildResult } from '../child/api.js';
import { pgliteTargetAt, type BenchContext } from '../lib/context.js';
import { openEngine } from '../lib/engine.js';
import { REPO_ROOT, runChild, runCmd } from '../lib/proc.js';
import type { SectionReport } from '../lib/results.js';
import { median } from '../lib/stats.js';
import type { Section } from './types.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MODELS = 20;
const PER_MODEL = 10;

/** The project: one seed, MODELS aggregate models over it, PER_MODEL unit tests of each. */
export function writeUnitTestProject(dir: string, models = MODELS, perModel = PER_MODEL): number {
  const write = (rel: string, text: string) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  write('project.yml', 'name: unitbench\nmodels:\n  unitbench:\n    +materialized: table\n');
  write('seeds/orders.csv', 'order_id,customer,amount,status\n1,ann,10.5,paid\n2,bob,3,refunded\n');
  const tests: string[] = [];
  for (let m = 1; m <= models; m++) {
    write(
      `models/m${m}.sql`,
      `select lower(customer) as customer, sum(amount) * ${m} as total, count(*) as orders
from {{ ref('orders') }} where status <> 'refunded' group by lower(customer)`,
    );
    for (let t = 1; t <= perModel; t++) {
      const a = t + m;
      tests.push(`  - name: m${m}_case_${t}
    model: m${m}
    given:
      - input: ref('orders')
        rows:
          - {order_id: 1, customer: Ann, amount: ${a}, status: paid}
          - {order_id: 2, customer: ANN, amount: 1.5, status: paid}
          - {order_id: 3, customer: bob, amount: 7, status: refunded}
    expect:
      rows:
        - {customer: ann, total: ${(a + 1.5) * m}, orders: 2}`);
    }
  }
  write('models/unit_tests.yml', `version: 2\nunit_tests:\n${tests.join('\n')}\n`);
  return models * perModel;
}

async function measure(ctx: BenchContext, report: SectionReport, on: 'embedded' | 'postgres'): Promise<void> {
  const dir = ctx.freshDir('unit-tests', on);
  const count = writeUnitTestProject(dir, ctx.quick ? 4 : MODELS, ctx.quick ? 5 : PER_MODEL);
  const engine = on === 'postgres' ? await openEngine(ctx, 'unit-tests', 'postgres') : undefined;
  try {
    // The embedded run's target is never opened: unit tests alone run on an in-memory database.
    const target = engine ? engine.target(1) : pgliteTargetAt(join(dir, 'unused-db'));
    const input: ApiChildInput = {
      command: 'test',
      projectDir: dir,
      target,
      select: ['test_type:unit'],
      ...(on === 'embedded' ? { unitOn: 'embedded' as const } : {}),
      repeat: 1,
    };
    // A first run makes the embedded database's cached image (.tsmodel/): later runs start from it.
    await runChild<ApiChildResult>('api', input, { timeoutMs: ctx.capS * 4 * 1000 });
    const perTest: number[] = [];
    const executions: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < ctx.runs; i++) {
      ctx.log(`unit tests: ${count} on ${on}, run ${i + 1}/${ctx.runs}`);
      const r = await runChild<ApiChildResult>('api', input, { timeoutMs: ctx.capS * 4 * 1000 });
      const c = r.result.calls[0];
      if (!r.result.ok || !c?.success)
        throw new Error(`unit tests failed: ${r.result.error ?? c?.failures.join(' | ')}`);
      perTest.push(c.ms / count);
      const results = JSON.parse(readFileSync(join(dir, 'target/run_results.json'), 'utf8')) as {
        results: { execution_time: number }[];
      };
      executions.push(median(results.results.map((x) => x.execution_time * 1000)));
      if (on === 'embedded') {
        const cli = await runCmd(
          process.execPath,
          [
            '--import',
            TSX,
            join(REPO_ROOT, 'src/cli/test-support/cli-entry.ts'),
            'test',
            '--select',
            'test_type:unit',
            '--unit-on',
            'embedded',
          ],
          { cwd: dir, timeoutMs: ctx.capS * 4 * 1000 },
        );
        wall.push(cli.wallMs);
      }
    }
    const engineKind = on === 'postgres' ? 'postgres' : 'pglite';
    report.measured(
      `unit-tests-per-test-${on}`,
      `per unit test, ${count} tests on ` +
        `${on === 'embedded' ? 'the in-memory embedded database' : 'PostgreSQL'} (call time / tests: ` +
        `preparation${on === 'embedded' ? ', database start' : ''} and run)`,
      'ms',
      perTest,
      { engine: engineKind, goal: on === 'embedded' ? { op: '<=', value: 20, source: 'issue 17' } : undefined },
    );
    report.measured(
      `unit-tests-execution-${on}`,
      `median execution of one unit test (run_results.json), ${on}`,
      'ms',
      executions,
      {
        engine: engineKind,
        note: 'the rolled-back query and the comparison only',
      },
    );
    if (wall.length)
      report.measured(
        'unit-tests-cli-embedded',
        `tsmodel test --select test_type:unit, ${count} tests, embedded: the whole process (spawn to exit)`,
        'ms',
        wall,
        {
          engine: 'pglite',
          goal: { op: '<=', value: 5000, source: 'issue 17' },
          note: 'started through tsx (a built CLI loads faster)',
        },
      );
  } finally {
    await engine?.dispose();
  }
}

export const unitTestsSection: Section = {
  name: 'unit-tests',
  title: 'unit tests',
  async run(ctx, report) {
    await measure(ctx, report, 'embedded');
    if (ctx.pg) await measure(ctx, report, 'postgres');
    else report.partial(`PostgreSQL not used (${ctx.pgReason}): measured on the embedded database only.`);
  },
};
