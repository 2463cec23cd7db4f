import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  describeEachDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../adapters/test-support/test-databases.js';
import { MemorySink } from '../events/index.js';
import { toErrorList } from '../errors/index.js';
import { projectFixture, type ProjectFixture } from './test-support/project-fixture.js';
import { sourceFreshness } from './freshness.js';
import { ls } from './ls.js';

/** Tables loaded 2 hours ago (one 10 minutes ago), one empty, one with a date; no table `gone`. */
const SETUP = [
  'create schema if not exists raw',
  'create table raw.warned (id int, loaded_at timestamptz)',
  "insert into raw.warned values (1, now() - interval '3 hours'), (2, now() - interval '2 hours')",
  'create table raw.naive (id int, loaded_at timestamp)',
  "insert into raw.naive values (1, (now() at time zone 'UTC') - interval '2 hours')",
  'create table raw.kinds (kind text, loaded_at timestamptz)',
  "insert into raw.kinds values ('a', now() - interval '10 minutes'), ('b', now() - interval '2 hours')",
  'create table raw.empty (id int, loaded_at timestamptz)',
  'create table raw.dated (id int, day date)',
  'insert into raw.dated values (1, current_date)',
];

const SCHEMA_YML = `sources:
  - name: raw
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 1, period: hour}
      error_after: {count: 3, period: hour}
    tables:
      - name: warned
      - name: relaxed
        identifier: warned
        config:
          freshness: {warn_after: {count: 3, period: hour}}
      - name: stale
        identifier: warned
        freshness: {error_after: {count: 1, period: hour}}
      - name: naive
      - name: kinds
        freshness: {filter: "kind = 'b'"}
      - name: by_query
        identifier: warned
        loaded_at_query: "select now() - interval '5 hours'"
      - name: off
        identifier: warned
        freshness: null
      - name: no_field
        identifier: warned
        loaded_at_field: null
      - name: bad_column
        identifier: warned
        loaded_at_field: nope
      - name: dated
        loaded_at_field: day
      - name: gone
      - name: empty
  - name: other
    schema: raw
    tables:
      - name: warned
  - name: proj
    schema: raw
    tables:
      - name: warned
`;

const line = (text: string) => SCHEMA_YML.split('\n').findIndex((l) => l.includes(text)) + 1;

describeEachDatabase('source freshness on %s', (kind) => {
  let db: TestDatabase;
  let project: ProjectFixture;
  const go = (extra: Record<string, unknown> = {}) => ({
    projectDir: project.dir,
    targetConfig: db.target,
    adapter: db.adapter(),
    ...extra,
  });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    for (const sql of SETUP) await db.adapter().query(sql);
    project = projectFixture({
      'project.yml': [
        'name: shop',
        'sources:',
        '  shop:',
        '    proj:',
        '      +loaded_at_field: loaded_at',
        '      +freshness: {warn_after: {count: 1, period: minute}}',
      ].join('\n'),
      'models/schema.yml': SCHEMA_YML,
      'models/from_warned.sql': "select id from {{ source('raw', 'warned') }}",
      'models/from_naive.sql': "select id from {{ source('raw', 'naive') }}",
    });
  });
  afterAll(async () => {
    await db?.dispose();
    project?.dispose();
  });

  it('rates each table pass / warn / error / runtime error, lists the skipped, writes sources.json', async () => {
    const sink = new MemorySink();
    const res = await sourceFreshness(go({ events: sink }));
    const status = Object.fromEntries(res.results.map((r) => [r.node.uniqueId.replace('source.shop.', ''), r.status]));
    expect(status).toEqual({
      'other.warned': 'skipped',
      'proj.warned': 'warn',
      'raw.bad_column': 'runtime error',
      'raw.by_query': 'error',
      'raw.dated': 'runtime error',
      'raw.empty': 'runtime error',
      'raw.gone': 'runtime error',
      'raw.kinds': 'warn',
      'raw.naive': 'warn',
      'raw.no_field': 'skipped',
      'raw.off': 'skipped',
      'raw.relaxed': 'pass',
      'raw.stale': 'error',
      'raw.warned': 'warn',
    });
    expect(res.success).toBe(false);
    const warned = res.results.find((r) => r.node.uniqueId === 'source.shop.raw.warned')!;
    // Two hours, give or take the time the test took.
    expect(warned.reading!.ageSeconds).toBeGreaterThan(7200);
    expect(warned.reading!.ageSeconds).toBeLessThan(7200 + 600);
    expect(res.results.find((r) => r.node.name === 'naive')!.reading!.ageSeconds).toBeGreaterThan(7200);
    expect(res.results.find((r) => r.node.name === 'naive')!.reading!.ageSeconds).toBeLessThan(7200 + 600);

    const err = (name: string) => res.results.find((r) => r.node.uniqueId === `source.shop.raw.${name}`)!.reason!;
    expect(err('bad_column')).toMatch(
      new RegExp(`^models/schema.yml:${line('loaded_at_field: nope')}:\\d+: freshness of raw.bad_column .*"nope"`),
    );
    expect(err('gone')).toMatch(
      new RegExp(`^models/schema.yml:${line('- name: gone')}:\\d+: freshness of raw.gone \\(raw.gone\\)`),
    );
    expect(err('dated')).toBe(
      `models/schema.yml:${line('loaded_at_field: day')}:9: max(day) of raw.dated is a date, not a timestamp`,
    );
    expect(err('empty')).toMatch(/^models\/schema.yml:\d+:\d+: max\(loaded_at\) of raw.empty is null/);
    const skipped = sink.events.filter((e) => e.type === 'log' && e.message.startsWith('skipped freshness'));
    expect(skipped.map((e) => (e.type === 'log' ? e.message : ''))).toEqual([
      'skipped freshness of other.warned: no freshness configured',
      'skipped freshness of raw.no_field: freshness is set but no loaded_at_field (PostgreSQL has no load-time metadata)',
      'skipped freshness of raw.off: no freshness configured',
    ]);
    const ends = sink.events.filter((e) => e.type === 'node-end');
    expect(ends).toHaveLength(11);
    expect(ends.find((e) => e.node.name === 'raw.stale')).toMatchObject({ status: 'error', label: 'ERROR STALE' });

    const artifact = JSON.parse(readFileSync(join(project.dir, 'target/sources.json'), 'utf8'));
    expect(artifact.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/sources/v3.json');
    expect(artifact.results).toHaveLength(11);
    const entry = artifact.results.find((r: { unique_id: string }) => r.unique_id === 'source.shop.raw.relaxed');
    expect(entry).toMatchObject({
      status: 'pass',
      criteria: { warn_after: { count: 3, period: 'hour' }, error_after: { count: 3, period: 'hour' }, filter: null },
    });
    expect(entry.max_loaded_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    const ago = (Date.parse(entry.snapshotted_at) - Date.parse(entry.max_loaded_at)) / 1000;
    expect(Math.abs(ago - entry.max_loaded_at_time_ago_in_s)).toBeLessThan(0.002);
    const gone = artifact.results.find((r: { unique_id: string }) => r.unique_id === 'source.shop.raw.gone');
    expect(Object.keys(gone).sort()).toEqual(['error', 'status', 'unique_id']);
  });

  it('--select narrows to the chosen tables; --output writes elsewhere; all pass is success', async () => {
    const res = await sourceFreshness(
      go({ select: ['source:raw.relaxed', 'source:raw.off'], output: join(project.dir, 'out/fresh.json') }),
    );
    expect(res.results.map((r) => [r.node.name, r.status])).toEqual([
      ['off', 'skipped'],
      ['relaxed', 'pass'],
    ]);
    expect(res.success).toBe(true);
    const artifact = JSON.parse(readFileSync(join(project.dir, 'out/fresh.json'), 'utf8'));
    expect(artifact.results.map((r: { unique_id: string }) => r.unique_id)).toEqual(['source.shop.raw.relaxed']);
  });

  it('a bad threshold is a config error at its line, before any query', async () => {
    project.write(
      'models/bad.yml',
      'sources:\n  - name: b\n    freshness:\n      warn_after: {count: 0, period: week}\n' +
        '    loaded_at_field: x\n    tables: [{name: t}]\n',
    );
    try {
      const errors = await sourceFreshness(go()).then(
        () => [],
        (e: unknown) => toErrorList(e),
      );
      expect(errors.map((e) => [e.code, e.location, e.message])).toEqual([
        [
          'config',
          { file: 'models/bad.yml', line: 3, column: 5 },
          'freshness.warn_after of source b.t: count must be a positive whole number, not 0',
        ],
      ]);
    } finally {
      project.remove('models/bad.yml');
    }
  });

  it("source_status:fresher+ --state selects the sources loaded since the state's sources.json, and what reads them", async () => {
    const fresher = () =>
      ls({ projectDir: project.dir, targetConfig: db.target, select: ['source_status:fresher+'], state: st })
        .map((e) => e.uniqueId)
        .sort();
    const st = join(project.dir, 'prev');
    expect(() => fresher()).toThrow(/needs the sources.json of an earlier run/);
    await sourceFreshness(go());
    cpSync(join(project.dir, 'target/sources.json'), join(st, 'sources.json'));
    await db.adapter().query('insert into raw.warned values (3, now())');
    await sourceFreshness(go());
    expect(fresher()).toEqual([
      'model.shop.from_warned',
      'source.shop.proj.warned',
      'source.shop.raw.by_query',
      'source.shop.raw.relaxed',
      'source.shop.raw.stale',
      'source.shop.raw.warned',
    ]);
  });
});
