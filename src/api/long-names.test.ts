/**
 * Issue 14 item 4: names at PostgreSQL's 63-byte limit. PostgreSQL cuts a
 * longer name silently, so a model over the limit was created under the cut
 * name and every later run, looking for the full one, failed with "already
 * exists". As dbt-postgres does, a relation name over 63 bytes is refused
 * before anything runs; names up to the limit (ASCII or multibyte) rebuild,
 * swap and rerun incrementally, their temporary names fitting too.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../adapters/test-support/test-databases.js';
import { TsmodelErrors } from '../errors/index.js';
import { materializationFixture } from './test-support/materialization-fixture.js';
import { build as buildCommand } from './run.js';

const bytes = (s: string) => Buffer.byteLength(s);
const ASCII_63 = `m_${'x'.repeat(61)}`;
const CJK_63 = '表'.repeat(21); // 3 bytes each
const LONG_70 = `m_${'y'.repeat(68)}`;

describeEachDatabase('names at the 63-byte limit on %s', (kind) => {
  const { db, project, build, rows, leftovers } = materializationFixture(kind);
  const buildAll = () => buildCommand({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
  const relations = async () =>
    (
      await rows(
        'select c.relname::text as name, c.relkind::text as kind from pg_class c join pg_namespace n on ' +
          `n.oid = c.relnamespace where n.nspname = 'main' and c.relkind in ('r', 'v', 'm', 'p') order by 1`,
      )
    ).map((r) => `${String(r.name)}:${String(r.kind)}`);

  it('the fixtures are the sizes they say', () => {
    expect([bytes(ASCII_63), bytes(CJK_63), bytes(LONG_70)]).toEqual([63, 63, 70]);
  });

  it.each([
    ['a model file', { [`models/${LONG_70}.sql`]: 'select 1 as id\n' }, `models/${LONG_70}.sql`],
    ['an alias', { 'models/short.sql': `{{ config(alias='${LONG_70}') }}\nselect 1 as id\n` }, 'models/short.sql'],
    ['a seed file', { [`seeds/${LONG_70}.csv`]: 'id\n1\n' }, `seeds/${LONG_70}.csv`],
  ])('a 70-byte name from %s is refused before anything runs', async (_what, files, file) => {
    project.write('models/keep.sql', "{{ config(materialized='table') }}\nselect 1 as id\n");
    expect((await build()).success).toBe(true);
    const before = await relations();
    for (const [path, text] of Object.entries(files)) project.write(path, text);
    const err = await build().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TsmodelErrors);
    const [e, ...rest] = (err as TsmodelErrors).errors;
    expect(rest).toEqual([]);
    expect(e!.message).toContain(`is 70 bytes long: "${LONG_70}". PostgreSQL allows 63`);
    expect(e!.location?.file).toBe(file);
    expect(e!.hint).toMatch(/alias/);
    expect(await relations()).toEqual(before);
  });

  it.each([
    ['ASCII', ASCII_63],
    ['multibyte', CJK_63],
  ])('a 63-byte %s name rebuilds as a table, a view and an incremental model', async (_what, name) => {
    project.write(`models/${name}.sql`, "{{ config(materialized='table') }}\nselect {{ var('n') }} as id\n");
    project.write(`models/${name.slice(0, -1)}v.sql`, `select * from {{ ref('${name}') }}\n`);
    project.write(
      'models/inc.sql',
      `{{ config(materialized='incremental', unique_key='id', alias='${name.slice(0, -2)}i') }}\n` +
        `select {{ var('n') }} as id, 'x' as label\n`,
    );
    for (const n of [1, 2, 3]) {
      const summary = await build({ vars: { n } });
      const outcomes = summary.results.map((r) => `${r.node.name}:${r.status}:${r.error?.message ?? ''}`);
      expect(outcomes.sort()).toEqual([`inc:success:`, `${name}:success:`, `${name.slice(0, -1)}v:success:`].sort());
    }
    expect(await rows(`select id from main."${name}"`)).toEqual([{ id: 3 }]);
    expect(await rows(`select id from main."${name.slice(0, -1)}v"`)).toEqual([{ id: 3 }]);
    expect(await rows(`select id from main."${name.slice(0, -2)}i" order by id`)).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 3 },
    ]);
    expect(await leftovers()).toEqual([]);
  });

  it('a 63-byte multibyte name rebuilds as a partitioned table', async () => {
    project.write(
      `models/${CJK_63}.sql`,
      "{{ config(materialized='table', partition_by={'field': 'd', 'granularity': 'month'}) }}\n" +
        "select date '2024-01-15' + {{ var('n') }} * 31 as d\n",
    );
    for (const n of [0, 1]) {
      const s = await build({ vars: { n } });
      expect(s.results.map((r) => r.error?.message ?? r.status)).toEqual(['success']);
    }
    expect(await rows(`select count(*)::int as n from main."${CJK_63}"`)).toEqual([{ n: 1 }]);
    expect(await leftovers()).toEqual([]);
  });

  it('a 63-byte multibyte seed, snapshot and constrained, indexed table rebuild', async () => {
    const seed = CJK_63;
    const snap = `${'表'.repeat(20)}s`;
    project.write(`seeds/${seed}.csv`, 'id,name\n1,a\n2,b\n');
    project.write(
      `models/${'表'.repeat(20)}c.sql`,
      "{{ config(materialized='table', indexes=[{'columns': ['name']}], constraints=[{'type': 'primary_key', 'columns': ['id']}]) }}\n" +
        `select * from {{ ref('${seed}') }}\n`,
    );
    project.write(
      `models/${snap}.sql`,
      `{{ config(materialized='snapshot', unique_key='id', strategy='check', check_cols='all') }}\n` +
        `select id, name from {{ ref('${seed}') }}\n`,
    );
    for (const names of ['id,name\n1,a\n2,b\n', 'id,name\n1,a\n2,c\n3,d\n']) {
      project.write(`seeds/${seed}.csv`, names);
      const summary = await buildAll();
      expect(summary.results.filter((r) => r.error).map((r) => r.error!.message)).toEqual([]);
      expect(summary.results).toHaveLength(3);
    }
    expect(await rows(`select count(*)::int as n from main."${'表'.repeat(20)}c"`)).toEqual([{ n: 3 }]);
    expect(await rows(`select count(*)::int as n from main."${snap}"`)).toEqual([{ n: 4 }]);
    expect(await leftovers()).toEqual([]);
  });

  it('long partitioned names keep their partitions apart and named after a rebuild (emoji too)', async () => {
    const twins = [`${'t'.repeat(58)}_one`, `${'t'.repeat(58)}_two`];
    const emoji = '📦'.repeat(15); // 60 bytes, 30 UTF-16 units, 15 characters
    const model =
      "{{ config(materialized='table', partition_by={'field': 'sold_on', 'granularity': 'month'}) }}\n" +
      "select date '2024-01-15' as sold_on union all select date '2024-02-15'\n";
    for (const name of [...twins, emoji]) project.write(`models/${name}.sql`, model);
    for (const round of [1, 2]) {
      const summary = await build();
      expect(summary.results.filter((r) => r.error).map((r) => `${round}: ${r.error!.message}`)).toEqual([]);
    }
    const partitions = async (table: string) =>
      (
        await rows(
          'select c.relname::text as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where ' +
            `i.inhparent = 'main."${table}"'::regclass order by 1`,
        )
      ).map((r) => String(r.name));
    const [a, b, e] = await Promise.all([...twins, emoji].map(partitions));
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(3);
    expect(a!.filter((n) => b!.includes(n))).toEqual([]);
    // The emoji name's prefix: 11 whole emoji (44 bytes), "_", a hash; then the period. Never a cut character.
    expect(e!.map((n) => n.replace(/^(?:📦){11}_[0-9a-f]{8}/u, '…'))).toEqual(['…202401', '…202402', '…default']);
    expect(await leftovers()).toEqual([]);
  });
});
