import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProjectNode } from '../parse/index.js';
import { Renderer } from '../template/index.js';
import { batchQuery, readBatchRow } from './batch.js';
import { planBatches } from './batch-plan.js';
import { BUILTIN_TEST_MACROS } from '../test-catalog/index.js';

const golden = (name: string) => readFileSync(new URL(`./__golden__/${name}`, import.meta.url), 'utf8');

function node(id: string, over: Partial<ProjectNode> = {}): ProjectNode {
  const [type, , name] = id.split('.') as [ProjectNode['resourceType'], string, string];
  return {
    uniqueId: id,
    resourceType: type,
    name,
    packageName: 'shop',
    path: `${name}.sql`,
    originalFilePath: 'models/schema.yml',
    fqn: ['shop', name],
    rawCode: '',
    checksum: '',
    config: {
      enabled: true,
      materialized: type === 'test' ? 'test' : 'table',
      tags: [],
      meta: {},
      pre_hook: [],
      post_hook: [],
    },
    refs: [],
    sources: [],
    dependsOn: { nodes: [], macros: [] },
    description: '',
    columns: {},
    location: { file: 'models/schema.yml' },
    ...over,
  };
}

const customers = node('model.shop.customers', { relation: { schema: 'main', identifier: 'customers' } });
const test = (
  name: string,
  testName: string,
  kwargs: Record<string, unknown>,
  config: Record<string, unknown> = {},
  deps = ['model.shop.customers'],
) =>
  node(`test.shop.${name}`, {
    attachedNode: 'model.shop.customers',
    dependsOn: { nodes: deps, macros: [] },
    testMetadata: { name: testName, kwargs: { ...kwargs, model: '{{ get_where_subquery(ref("customers")) }}' } },
    config: { enabled: true, materialized: 'test', tags: [], meta: {}, pre_hook: [], post_hook: [], ...config },
  });

const TESTS = [
  test('not_null_email', 'not_null', { column_name: 'email' }),
  test('tier_values', 'accepted_values', { column_name: 'tier', values: ['gold', "o'neil"] }),
  test(
    'age_range',
    'accepted_range',
    { column_name: 'age', min: 18, max: 120, inclusive: false },
    { where: 'age is not null', limit: 1 },
  ),
  test('name_not_empty', 'not_empty_string', { column_name: 'name' }),
  test('cost_below_price', 'expression_is_true', { expression: 'cost < price' }),
  // these run alone: not row-level, a fail_calc, a second parent, an argument to evaluate
  test('unique_id', 'unique', { column_name: 'id' }),
  test('custom_calc', 'not_null', { column_name: 'id' }, { fail_calc: 'count(distinct id)' }),
  test('two_parents', 'not_null', { column_name: 'id' }, {}, ['model.shop.customers', 'model.shop.orders']),
  test('jinja_arg', 'accepted_values', { column_name: 'tier', values: "{{ var('tiers') }}" }),
];
const NODES = new Map([customers, ...TESTS].map((n) => [n.uniqueId, n]));

describe('shared scans', () => {
  const renderer = new Renderer(BUILTIN_TEST_MACROS);
  const plan = planBatches(TESTS, NODES, renderer);

  it('group the row-level built-in tests of a relation, and only those', () => {
    expect([...plan.keys()].map((id) => id.split('.').pop())).toEqual([
      'not_null_email',
      'tier_values',
      'age_range',
      'name_not_empty',
      'cost_below_price',
    ]);
  });

  it('count every test in one aggregate query (golden)', () => {
    const group = plan.get('test.shop.not_null_email')!;
    expect(`${batchQuery(group.relationSql, group.members)}\n`).toBe(golden('batch-customers.sql'));
  });

  it('read each test its counts, limit applied', () => {
    const group = plan.get('test.shop.not_null_email')!;
    const counts = readBatchRow(
      { e_0: '10', f_0: '2', e_1: 10, f_1: 0, e_2: '7', f_2: '3', e_3: 10, f_3: 1, e_4: 10, f_4: null },
      group.members,
    );
    expect(Object.fromEntries(counts)).toEqual({
      'test.shop.not_null_email': { failures: 2, evaluated: 10 },
      'test.shop.tier_values': { failures: 0, evaluated: 10 },
      'test.shop.age_range': { failures: 1, evaluated: 7 },
      'test.shop.name_not_empty': { failures: 1, evaluated: 10 },
      'test.shop.cost_below_price': { failures: 0, evaluated: 10 },
    });
  });

  it('a project override of a built-in leaves its tests out', () => {
    const overridden = new Renderer([
      ...BUILTIN_TEST_MACROS,
      { path: 'macros/t.sql', builtin: false, source: '{% test not_null(model, column_name) %}select 1{% endtest %}' },
    ]);
    expect(planBatches(TESTS, NODES, overridden).has('test.shop.not_null_email')).toBe(false);
  });
});
