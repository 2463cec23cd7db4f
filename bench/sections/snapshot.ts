/**
 * snapshot (issue 5): a 1,000,000-row source snapshotted once (SCD2), then
 * 1 % of its rows changed; `tsmodel snapshot` against a hand-written
 * UPDATE + INSERT doing the same close-and-insert on a copy of the same
 * table, alternately, each from the same starting state. Then the
 * no-change rerun. Smaller sizes are measured first: when the growth they
 * show predicts that a size would take longer than --cap, that size is not
 * run and its figure is reported as predicted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiChildInput, ApiChildResult } from '../child/api.js';
import type { BenchContext } from '../lib/context.js';
import { openEngine, type BenchEngine } from '../lib/engine.js';
import { ChildTimeout, runChild } from '../lib/proc.js';
import type { SectionReport } from '../lib/results.js';
import { growthExponent, median, ratios } from '../lib/stats.js';
import type { Section } from './types.js';

const COLUMNS = ['customer_id', 'first_name', 'last_name', 'email', 'city', 'updated_at'];

function writeProject(dir: string): void {
  mkdirSync(join(dir, 'snapshots'), { recursive: true });
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(
    join(dir, 'project.yml'),
    'name: snapbench\nprofile: snapbench\nsnapshot-paths: [snapshots]\nmodel-paths: [models]\n',
  );
  writeFileSync(
    join(dir, 'models', 'sources.yml'),
    'version: 2\nsources:\n  - name: src\n    schema: src\n    tables: [{name: customers}]\n',
  );
  writeFileSync(
    join(dir, 'snapshots', 'customers_snapshot.sql'),
    `{% snapshot customers_snapshot %}
{{ config(unique_key='customer_id', strategy='timestamp', updated_at='updated_at', indexes=[{'columns': ['customer_id']}]) }}
select ${COLUMNS.join(', ')} from {{ source('src', 'customers') }}
{% endsnapshot %}
`,
  );
}

const sourceSql = (n: number) => `drop schema if exists src cascade;
drop schema if exists bench cascade;
create schema src;
create table src.customers as
select 'C' || lpad(g::text, 8, '0') as customer_id, 'First' || (g % 997) as first_name, 'Last' || (g % 991) as last_name,
       'user' || g || '@example.com' as email,
       (array['New York', 'Los Angeles', 'Chicago', 'Houston', 'Phoenix', 'Philadelphia', 'San Antonio', 'San Diego'])[g % 8 + 1] as city,
       timestamp '2024-01-01' + (g % 1000) * interval '1 minute' as updated_at
from generate_series(1, ${n}) as g;
analyze src.customers;`;

/** 1 % of the rows: a new city and email, a later updated_at. */
const CHANGE_SQL = `update src.customers set city = city || ' (moved)', email = 'new.' || email, updated_at = timestamp '2024-12-27'
where substr(customer_id, 2)::int % 100 = 0;
analyze src.customers;`;

const restoreSql = (table: string) => `truncate ${table};
insert into ${table} overriding system value select * from bench.snap_base;
analyze ${table};`;

/** What an engineer would write by hand for the same close + insert (one transaction). */
const HAND_WRITTEN = `begin;
create temporary table changed on commit drop as
select s.* from src.customers as s
left join bench.snap_copy as t on t.customer_id = s.customer_id and t.is_current
where t.customer_id is null or s.updated_at > t.updated_at;
update bench.snap_copy as t set end_date = c.updated_at, is_current = false
from changed as c where t.customer_id = c.customer_id and t.is_current;
insert into bench.snap_copy (${COLUMNS.join(', ')}, effective_date, end_date, is_current)
select ${COLUMNS.map((c) => `c.${c}`).join(', ')}, c.updated_at, null, true from changed as c;
commit;
`;

interface SizeResult {
  n: number;
  initialMs: number;
  change: number[];
  noChange: number[];
  hand: number[];
  skipped?: string;
}

async function snapshotCalls(
  ctx: BenchContext,
  engine: BenchEngine,
  dir: string,
  repeat: number,
  timeoutMs: number,
  cpuProfDir?: string,
) {
  const input: ApiChildInput = { command: 'snapshot', projectDir: dir, target: engine.target(1), repeat };
  const r = await runChild<ApiChildResult>('api', input, { timeoutMs, cpuProfDir });
  for (const c of r.result.calls) if (!c.success) throw new Error(`tsmodel snapshot failed: ${c.failures.join(' | ')}`);
  return r.result.calls;
}

function predict(
  done: SizeResult[],
  n: number,
  pick: (r: SizeResult) => number[],
): { ms: number; exponent: number } | undefined {
  const pts = done.filter((r) => pick(r).length > 0).map((r) => ({ n: r.n, ms: median(pick(r)) }));
  if (pts.length === 0) return undefined;
  const last = pts.at(-1)!;
  const exponent = pts.length >= 2 ? Math.max(1, growthExponent(pts.at(-2)!.n, pts.at(-2)!.ms, last.n, last.ms)) : 1;
  return { ms: last.ms * (n / last.n) ** exponent, exponent };
}

async function measureSize(
  ctx: BenchContext,
  engine: BenchEngine,
  dir: string,
  n: number,
  runs: number,
  done: SizeResult[],
): Promise<SizeResult> {
  const capMs = ctx.capS * 1000;
  const out: SizeResult = { n, initialMs: Number.NaN, change: [], noChange: [], hand: [] };
  const guess = predict(done, n, (r) => r.change);
  if (guess && guess.ms > capMs)
    out.skipped =
      `predicted ${(guess.ms / 1000).toFixed(0)} s per snapshot (growth exponent ` +
      `${guess.exponent.toFixed(2)}) > --cap ${ctx.capS} s`;
  ctx.log(
    `snapshot: ${n.toLocaleString('en-US')} rows on ${engine.kind}${out.skipped ? ` (tsmodel's change run not run: ${out.skipped})` : ''}`,
  );
  await engine.exec(sourceSql(n));
  out.initialMs = (await snapshotCalls(ctx, engine, dir, 1, capMs * 3))[0]!.ms;
  await engine.exec(`create table bench.snap_base as select * from bench.customers_snapshot;
create table bench.snap_copy (like bench.customers_snapshot including all);
select setval(pg_get_serial_sequence('bench.snap_copy', 'customer_sk'), (select max(customer_sk) from bench.snap_base));
${CHANGE_SQL}`);
  let pristine = true; // the snapshot table is still as the first snapshot left it (= snap_base)
  const tsmodel = async () => {
    if (out.skipped) return;
    if (!pristine) await engine.exec(restoreSql('bench.customers_snapshot'));
    pristine = false;
    try {
      const [change, again] = await snapshotCalls(ctx, engine, dir, 2, capMs * 3);
      out.change.push(change!.ms);
      out.noChange.push(again!.ms);
    } catch (err) {
      if (!(err instanceof ChildTimeout)) throw err;
      out.skipped = `tsmodel snapshot (change + no-change rerun) did not finish within ${3 * ctx.capS} s and was stopped`;
    }
  };
  const hand = async () => {
    out.hand.push((await engine.timedScripts(restoreSql('bench.snap_copy'), [HAND_WRITTEN], capMs * 3))[0]!);
  };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      await tsmodel();
      await hand();
    } else {
      await hand();
      await tsmodel();
    }
  }
  return out;
}

async function verify(engine: BenchEngine, report: SectionReport): Promise<void> {
  const q = (t: string) =>
    `(select row(count(*), count(*) filter (where is_current), count(*) filter (where end_date is not null))::text from ${t})`;
  const [r] = await engine.query<{ a: string; b: string }>(
    `select ${q('bench.customers_snapshot')} as a, ${q('bench.snap_copy')} as b`,
  );
  if (r!.a !== r!.b)
    report.note(`the two results differ (rows, current, closed): tsmodel ${r!.a}, hand-written ${r!.b}`);
  else report.details.verified = { rowsCurrentClosed: r!.a, same: true };
}

export const snapshotSection: Section = {
  name: 'snapshot',
  title: 'snapshot',
  async run(ctx, report) {
    const target = ctx.quick ? 2_000 : 1_000_000;
    const probes = ctx.quick ? [] : [10_000, 30_000];
    if (!ctx.pg)
      report.partial(`PostgreSQL not used (${ctx.pgReason}): measured on PGlite, where the goal does not apply.`);
    const engine = await openEngine(ctx, 'snapshot');
    const dir = ctx.freshDir('snapshot', 'project');
    writeProject(dir);
    const done: SizeResult[] = [];
    try {
      for (const n of [...probes, target]) {
        const r = await measureSize(ctx, engine, dir, n, n === target ? ctx.runs : 1, done);
        done.push(r);
        if (n === target && r.change.length > 0) await verify(engine, report);
      }
    } finally {
      await engine.dispose();
    }
    report.details.sizes = done;
    const k = engine.kind;
    for (const r of done) {
      const rows = r.n.toLocaleString('en-US');
      const isTarget = r.n === target;
      const goal = isTarget && k === 'postgres' ? { op: '<=' as const, value: 1.3, source: 'issues 5, 20' } : undefined;
      if (r.change.length > 0) {
        report.ratio(
          `snapshot-ratio-${r.n}`,
          `tsmodel snapshot / hand-written UPDATE + INSERT, ${rows} rows, 1 % changed`,
          ratios(r.change, r.hand),
          { engine: k, goal },
        );
        report.measured(`snapshot-change-${r.n}`, `tsmodel snapshot, ${rows} rows, 1 % changed`, 'ms', r.change, {
          engine: k,
        });
      } else {
        const p = predict(
          done.filter((d) => d.n < r.n),
          r.n,
          (d) => d.change,
        );
        if (p) {
          report.predicted(`snapshot-change-${r.n}`, `tsmodel snapshot, ${rows} rows, 1 % changed`, 'ms', p.ms, {
            engine: k,
            note: r.skipped ?? '',
          });
          report.predicted(
            `snapshot-ratio-${r.n}`,
            `tsmodel snapshot / hand-written UPDATE + INSERT, ${rows} rows, 1 % changed`,
            'x',
            p.ms / median(r.hand),
            { engine: k, goal, note: `from the smaller sizes' growth (exponent ${p.exponent.toFixed(2)})` },
          );
        }
        report.partial(`${rows} rows: ${r.skipped ?? 'not measured'}`);
      }
      report.measured(`snapshot-hand-${r.n}`, `hand-written UPDATE + INSERT, ${rows} rows`, 'ms', r.hand, {
        engine: k,
      });
      report.measured(
        `snapshot-initial-${r.n}`,
        `first snapshot (creates the table), ${rows} rows`,
        'ms',
        [r.initialMs],
        { engine: k },
      );
      if (r.noChange.length > 0) {
        report.measured(`snapshot-nochange-${r.n}`, `no-change rerun, ${rows} rows`, 'ms', r.noChange, { engine: k });
        // Nothing to write: the comparison alone, against the hand-written pair that writes the 1 %.
        report.ratio(
          `snapshot-nochange-ratio-${r.n}`,
          `no-change rerun / hand-written UPDATE + INSERT, ${rows} rows`,
          ratios(r.noChange, r.hand),
          { engine: k, goal: isTarget && k === 'postgres' ? { op: '<=', value: 1, source: 'issue 20' } : undefined },
        );
        report.ratio(
          `snapshot-nochange-share-${r.n}`,
          `no-change rerun / first snapshot, ${rows} rows`,
          r.noChange.map((t) => t / r.initialMs),
          { engine: k, note: 'should be a fraction of the first (issue 5)' },
        );
      }
    }
  },
};
