import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../api/compile.js';
import { projectFixture } from '../api/test-support/project-fixture.js';
import { DBT_KEYS } from './dbt-shape.js';
import { buildRunResults } from './run-results.js';

/**
 * Our own conformance test of dbt's artifact shapes (manifest v12, run_results v6): the keys
 * dbt's schemas require are present and no key they forbid is written. It was checked once against
 * dbt's published JSON schemas with a JSON-schema validator; those schemas are not in the repository.
 */
const REQUIRED_TOP = [
  'metadata',
  'nodes',
  'sources',
  'macros',
  'docs',
  'exposures',
  'metrics',
  'groups',
  'selectors',
  'disabled',
  'parent_map',
  'child_map',
  'group_map',
  'saved_queries',
  'semantic_models',
  'unit_tests',
];
const NODE_REQUIRED = ['database', 'schema', 'name', 'resource_type', 'package_name', 'path'];
const MORE_REQUIRED = ['original_file_path', 'unique_id', 'fqn', 'alias', 'checksum'];
const META_KEYS = ['dbt_schema_version', 'dbt_version', 'generated_at', 'invocation_id', 'invocation_started_at'];
const MANIFEST_META = [...META_KEYS, 'env', 'project_name', 'project_id', 'user_id', 'send_anonymous_usage_stats'];

describe("manifest.json and run_results.json in dbt's shapes", () => {
  const project = projectFixture({
    'project.yml': 'name: shop\n',
    'seeds/raw.csv': 'id,amount\n1,2\n',
    'macros/m.sql': '{% macro dollars(c) %}{{ c }} / 100.0{% endmacro %}',
    'models/stg.sql': "select id, {{ dollars('amount') }} as d from {{ ref('raw') }}",
    'models/src.sql': "select * from {{ source('app', 'events') }}",
    'models/docs.md': '{% docs stg_doc %}Staged.{% enddocs %}',
    'models/schema.yml': [
      'sources:\n  - name: app\n    tables:\n      - name: events',
      'groups:\n  - name: fin\n    owner: {name: Fin}',
      'models:\n  - name: stg\n    description: \'{{ doc("stg_doc") }}\'\n    config: {group: fin}',
      '    columns:\n      - name: id\n        tests: [not_null]',
      'exposures:\n  - name: dash\n    type: dashboard\n    owner: {name: Ann}\n    depends_on: [ref("stg")]',
      'unit_tests:\n  - name: t1\n    model: stg\n    given:\n      - input: ref("raw")\n        rows: [{id: 1, amount: 100}]',
      '    expect:\n      rows: [{id: 1}]',
    ].join('\n'),
  });
  afterAll(() => project.dispose());
  compile({ projectDir: project.dir, env: {} });
  const manifest = JSON.parse(readFileSync(join(project.dir, 'target/manifest.json'), 'utf8'));

  it('has every top-level key of manifest v12 and no other', () => {
    expect(Object.keys(manifest).sort()).toEqual([...REQUIRED_TOP].sort());
    expect(manifest.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/manifest/v12.json');
    for (const k of Object.keys(manifest.metadata)) expect([...MANIFEST_META, 'adapter_type', 'quoting']).toContain(k);
    expect(manifest.metadata.env.TSMODEL_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('writes only the keys dbt allows on each entry, and those it requires', () => {
    const kinds = new Set<string>();
    for (const group of ['nodes', 'sources', 'unit_tests', 'exposures'])
      for (const entry of Object.values(manifest[group]) as Record<string, unknown>[]) {
        const kind = String(entry.resource_type);
        kinds.add(kind);
        for (const k of Object.keys(entry)) expect([kind, k, DBT_KEYS[kind]!.includes(k)]).toEqual([kind, k, true]);
        if (group === 'nodes') for (const k of [...NODE_REQUIRED, ...MORE_REQUIRED]) expect(entry).toHaveProperty(k);
      }
    expect([...kinds].sort()).toEqual(['exposure', 'model', 'seed', 'source', 'test', 'unit_test']);
    const stg = manifest.nodes['model.shop.stg'];
    expect(stg).toMatchObject({ database: 'postgres', schema: 'main', alias: 'stg', relation_name: '"main"."stg"' });
    expect(stg.depends_on.macros).toEqual(['macro.shop.dollars']);
    expect(manifest.macros['macro.shop.dollars'].macro_sql).toBe('{% macro dollars(c) %}{{ c }} / 100.0{% endmacro %}');
    expect(manifest.group_map).toEqual({ fin: ['model.shop.stg'] });
  });

  it('run_results: the keys of v6, tsmodel figures under adapter_response.tsmodel', () => {
    const meta = { generated_at: 'now', invocation_id: 'id', project_name: 'shop', adapter_type: 'pglite' };
    const rr = buildRunResults(
      { ...meta, target_name: 'dev' },
      [
        {
          unique_id: 'seed.shop.raw',
          status: 'success',
          message: 'loaded',
          timing: [],
          execution_time: 0.1,
          thread_id: 'Thread-1',
          adapter_response: { rows_affected: 1 },
          failures: null,
          relation_name: '"main"."raw"',
          compiled_path: null,
          monitoring: { rows_loaded: 1, null_counts: {} },
        },
      ],
      0.2,
      {},
    );
    expect(Object.keys(rr).sort()).toEqual(['args', 'elapsed_time', 'metadata', 'results']);
    for (const k of Object.keys(rr.metadata)) expect(META_KEYS.concat('env')).toContain(k);
    expect(Object.keys(rr.results[0]!).sort()).toEqual(
      [
        'adapter_response',
        'batch_results',
        'compiled',
        'compiled_code',
        'execution_time',
        'failures',
        'message',
        'relation_name',
        'status',
        'thread_id',
        'timing',
        'unique_id',
      ].sort(),
    );
    expect(rr.results[0]!.adapter_response).toMatchObject({ tsmodel: { monitoring: { rows_loaded: 1 } } });
  });
});
