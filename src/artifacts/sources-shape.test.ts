import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../adapters/test-support/test-databases.js';
import { compile } from '../api/compile.js';
import { sourceFreshness } from '../api/freshness.js';
import { projectFixture } from '../api/test-support/project-fixture.js';

/**
 * Our own conformance test of sources.json against dbt's published schema (sources/v3.json): the keys
 * it requires are present, no key it forbids is written, values have its types and enums. It was checked
 * once against that schema with a JSON-schema validator; the schema is not in the repository.
 */
const META = ['dbt_schema_version', 'dbt_version', 'generated_at', 'invocation_id', 'env'];
const OUTPUT = [
  'unique_id',
  'max_loaded_at',
  'snapshotted_at',
  'max_loaded_at_time_ago_in_s',
  'status',
  'criteria',
  'adapter_response',
  'timing',
  'thread_id',
  'execution_time',
];
const RUNTIME_ERROR = ['unique_id', 'error', 'status'];
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/;

type Json = Record<string, unknown>;

/** A Time of the schema: {count: integer | null, period: minute | hour | day | null}, nothing else. */
function expectTime(t: unknown): void {
  expect(Object.keys(t as Json).sort()).toEqual(['count', 'period']);
  const { count, period } = t as Json;
  expect(count === null || Number.isInteger(count)).toBe(true);
  expect([null, 'minute', 'hour', 'day']).toContain(period);
}

describe("sources.json in dbt's v3 shape", () => {
  let db: TestDatabase;
  const project = projectFixture({
    'project.yml': 'name: shop\n',
    'models/sources.yml': [
      'sources:',
      '  - name: app',
      '    schema: raw',
      '    loaded_at_field: at',
      '    freshness: {warn_after: {count: 1, period: day}, filter: "at > \'2000-01-01\'"}',
      '    tables:',
      '      - name: events',
      '      - name: missing',
      '      - name: later',
      '        identifier: events',
      '        freshness: {error_after: {count: 30, period: minute}}',
    ].join('\n'),
  });
  let artifact: Json;

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    await db
      .adapter()
      .query('create schema raw; create table raw.events (at timestamptz); insert into raw.events values (now())');
    await sourceFreshness({ projectDir: project.dir, targetConfig: db.target, adapter: db.adapter() });
    artifact = JSON.parse(readFileSync(join(project.dir, 'target/sources.json'), 'utf8'));
  });
  afterAll(async () => {
    await db?.dispose();
    project.dispose();
  });

  it('top level and metadata: only the keys v3 allows', () => {
    expect(Object.keys(artifact).sort()).toEqual(['elapsed_time', 'metadata', 'results']);
    expect(typeof artifact.elapsed_time).toBe('number');
    const meta = artifact.metadata as Json;
    expect(Object.keys(meta).sort()).toEqual([...META].sort());
    expect(meta.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/sources/v3.json');
    for (const v of Object.values(meta.env as Json)) expect(typeof v).toBe('string');
  });

  it('a checked source: every required key, typed; a runtime error: unique_id, error, status only', () => {
    const results = artifact.results as Json[];
    expect(results.map((r) => [r.unique_id, r.status])).toEqual([
      ['source.shop.app.events', 'pass'],
      ['source.shop.app.later', 'pass'],
      ['source.shop.app.missing', 'runtime error'],
    ]);
    for (const r of results.filter((x) => x.status !== 'runtime error')) {
      expect(Object.keys(r).sort()).toEqual([...OUTPUT].sort());
      expect(r.max_loaded_at).toMatch(ISO_UTC);
      expect(r.snapshotted_at).toMatch(ISO_UTC);
      expect(typeof r.max_loaded_at_time_ago_in_s).toBe('number');
      expect(typeof r.execution_time).toBe('number');
      expect(typeof r.thread_id).toBe('string');
      const criteria = r.criteria as Json;
      expect(Object.keys(criteria).sort()).toEqual(['error_after', 'filter', 'warn_after']);
      expectTime(criteria.warn_after);
      expectTime(criteria.error_after);
      for (const t of r.timing as Json[]) {
        expect(Object.keys(t).sort()).toEqual(['completed_at', 'name', 'started_at']);
        expect(typeof t.name).toBe('string');
      }
    }
    expect((results[1]!.criteria as Json).error_after).toEqual({ count: 30, period: 'minute' });
    expect((results[1]!.criteria as Json).warn_after).toEqual({ count: 1, period: 'day' });
    expect((results[0]!.criteria as Json).error_after).toEqual({ count: null, period: null });
    expect(Object.keys(results[2]!).sort()).toEqual([...RUNTIME_ERROR].sort());
    expect(typeof results[2]!.error).toBe('string');
  });

  it("the manifest's source entries carry freshness and loaded_at_field", () => {
    compile({ projectDir: project.dir, targetConfig: db.target, env: {} });
    const manifest = JSON.parse(readFileSync(join(project.dir, 'target/manifest.json'), 'utf8')) as Json;
    const manifestSource = (manifest.sources as Json)['source.shop.app.later'] as Json;
    expect(manifestSource.loaded_at_field).toBe('at');
    expect(manifestSource.freshness).toEqual({
      warn_after: { count: 1, period: 'day' },
      error_after: { count: 30, period: 'minute' },
      filter: "at > '2000-01-01'",
    });
  });
});
