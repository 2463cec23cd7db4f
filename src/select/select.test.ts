import { describe, it } from 'vitest';
import { selectNodes, type SelectOptions, type SelectionContext } from './index.js';
import { ALL, ALL_TESTS, PREVIOUS_RESULTS, context, expectNames, previousState } from './test-support/fixture.js';

const MODELS = [
  'stg_customers',
  'stg_orders',
  'stg_payments',
  'customers',
  'orders',
  'dim_customers',
  'fact_sales',
  'agg_daily_sales',
  'campaigns',
];

interface Case {
  name: string;
  opts: SelectOptions;
  expected: string[];
}

/** The whole pipeline: select, indirect selection of tests, exclude, resource types. */
const pipeline: Case[] = [
  { name: 'no select means every node', opts: {}, expected: ALL },
  { name: 'an empty select list means every node', opts: { select: [] }, expected: ALL },
  { name: 'blank strings are ignored', opts: { select: ['', '  '] }, expected: ALL },
  { name: 'resourceTypes restricts the final set (run)', opts: { resourceTypes: ['model'] }, expected: MODELS },
  {
    name: 'several resource types',
    opts: { resourceTypes: ['seed', 'snapshot'] },
    expected: ['country_codes', 'payment_methods', 'customers_snapshot'],
  },
  // indirect selection
  {
    name: 'eager (default) adds the tests of a selected model',
    opts: { select: ['stg_customers'] },
    expected: ['stg_customers', 'not_null_stg_customers_id', 'unique_stg_customers_id'],
  },
  {
    name: 'eager adds a test when any parent is selected',
    opts: { select: ['orders'] },
    expected: ['orders', 'not_null_orders_id', 'relationships_orders_customers'],
  },
  {
    name: 'cautious needs every parent selected',
    opts: { select: ['orders'], indirectSelection: 'cautious' },
    expected: ['orders', 'not_null_orders_id'],
  },
  {
    name: 'cautious with all parents selected',
    opts: { select: ['orders customers'], indirectSelection: 'cautious' },
    expected: ['orders', 'customers', 'not_null_orders_id', 'relationships_orders_customers'],
  },
  { name: 'empty adds no tests', opts: { select: ['orders'], indirectSelection: 'empty' }, expected: ['orders'] },
  {
    name: 'eager: singular test with two parents',
    opts: { select: ['fact_sales'] },
    expected: ['fact_sales', 'accepted_values_fact_sales_status', 'assert_positive_sales'],
  },
  {
    name: 'cautious: singular test with two parents',
    opts: { select: ['fact_sales'], indirectSelection: 'cautious' },
    expected: ['fact_sales', 'accepted_values_fact_sales_status'],
  },
  {
    name: 'tests on sources are indirectly selected',
    opts: { select: ['source:raw.customers'] },
    expected: ['raw.customers', 'source_not_null_raw_customers_id'],
  },
  {
    name: 'test --select tag:staging',
    opts: { select: ['tag:staging'], resourceTypes: ['test'] },
    expected: ['not_null_stg_customers_id', 'unique_stg_customers_id'],
  },
  {
    name: 'a directly selected test keeps its place without its parents',
    opts: { select: ['test_name:unique'], indirectSelection: 'cautious' },
    expected: ['unique_stg_customers_id'],
  },
  // exclude
  {
    name: 'exclude removes after the union',
    opts: { select: ['staging'], exclude: ['stg_orders'] },
    expected: [
      'stg_customers',
      'stg_payments',
      'not_null_stg_customers_id',
      'unique_stg_customers_id',
      'source_not_null_raw_customers_id',
    ],
  },
  {
    name: 'exclude also removes the tests of excluded nodes',
    opts: { select: ['customers+'], exclude: ['warehouse'] },
    expected: ['customers', 'sales_report', 'relationships_orders_customers'],
  },
  {
    name: 'exclude with no select',
    opts: { exclude: ['orders'], resourceTypes: ['test'] },
    expected: ALL_TESTS.filter((t) => t !== 'not_null_orders_id' && t !== 'relationships_orders_customers'),
  },
  {
    name: 'exclude with indirect selection empty keeps their tests',
    opts: { exclude: ['orders'], resourceTypes: ['test'], indirectSelection: 'empty' },
    expected: ALL_TESTS,
  },
  {
    name: 'exclude a test by name',
    opts: { select: ['stg_customers'], exclude: ['test_name:unique'] },
    expected: ['stg_customers', 'not_null_stg_customers_id'],
  },
  {
    name: 'several exclude strings',
    opts: { select: ['path:models'], exclude: ['tag:nightly', 'resource_type:test'], resourceTypes: ['model'] },
    expected: ['stg_orders', 'stg_payments', 'customers', 'orders', 'dim_customers', 'agg_daily_sales', 'campaigns'],
  },
  {
    name: 'exclude with graph operators',
    opts: { select: ['+fact_sales'], exclude: ['+stg_orders'], resourceTypes: ['model'] },
    expected: ['stg_customers', 'stg_payments', 'customers', 'orders', 'dim_customers', 'fact_sales'],
  },
  {
    name: 'run --select +fact_sales',
    opts: { select: ['+fact_sales'], resourceTypes: ['model'] },
    expected: ['fact_sales', 'orders', 'dim_customers', 'customers', 'stg_orders', 'stg_payments', 'stg_customers'],
  },
  { name: 'excluding everything leaves nothing', opts: { select: ['warehouse'], exclude: ['shop'] }, expected: [] },
];

const withState: SelectionContext = context({ state: previousState() });
const NEW = ['campaigns', 'sales_report'];

const stateCases: Case[] = [
  { name: 'state:new', opts: { select: ['state:new'] }, expected: NEW },
  {
    name: 'state:modified',
    opts: { select: ['state:modified'], indirectSelection: 'empty' },
    expected: [...NEW, 'stg_orders', 'orders', 'agg_daily_sales', 'customers'],
  },
  {
    name: 'state:modified.body',
    opts: { select: ['state:modified.body'], indirectSelection: 'empty' },
    expected: [...NEW, 'stg_orders'],
  },
  {
    name: 'state:modified.configs',
    opts: { select: ['state:modified.configs'], indirectSelection: 'empty' },
    expected: [...NEW, 'orders', 'agg_daily_sales'],
  },
  {
    name: 'state:modified.relation',
    opts: { select: ['state:modified.relation'] },
    expected: [...NEW, 'agg_daily_sales'],
  },
  {
    name: 'state:modified.persisted_descriptions',
    opts: { select: ['state:modified.persisted_descriptions'], indirectSelection: 'empty' },
    expected: [...NEW, 'customers'],
  },
  {
    name: 'state:unmodified models',
    opts: { select: ['state:unmodified,resource_type:model'], indirectSelection: 'empty' },
    expected: ['stg_customers', 'stg_payments', 'dim_customers', 'fact_sales'],
  },
  {
    name: 'state:old seeds',
    opts: { select: ['state:old,resource_type:seed'] },
    expected: ['country_codes', 'payment_methods'],
  },
  {
    name: 'slim CI: run -s state:modified+',
    opts: { select: ['state:modified+'], resourceTypes: ['model'] },
    expected: ['stg_orders', 'customers', 'orders', 'dim_customers', 'fact_sales', 'agg_daily_sales', 'campaigns'],
  },
  {
    name: 'exclude state:unmodified',
    opts: { exclude: ['state:unmodified'], resourceTypes: ['model', 'analysis'] },
    expected: ['stg_orders', 'customers', 'orders', 'agg_daily_sales', 'campaigns', 'sales_report'],
  },
];

const withResults: SelectionContext = context({ previousResults: PREVIOUS_RESULTS });

const resultCases: Case[] = [
  { name: 'result:error', opts: { select: ['result:error'], indirectSelection: 'empty' }, expected: ['stg_orders'] },
  {
    name: 'retry: result:error result:skipped',
    opts: { select: ['result:error result:skipped'], resourceTypes: ['model'] },
    expected: ['stg_orders', 'orders', 'fact_sales'],
  },
  { name: 'result:fail', opts: { select: ['result:fail'] }, expected: ['not_null_orders_id'] },
  { name: 'result:warn', opts: { select: ['result:warn'] }, expected: ['accepted_values_fact_sales_status'] },
  {
    name: 'result:success,resource_type:model',
    opts: { select: ['result:success,resource_type:model'], indirectSelection: 'empty' },
    expected: ['stg_customers', 'customers'],
  },
  {
    name: 'result:error+ runs what the error blocked',
    opts: { select: ['result:error+'], resourceTypes: ['model'] },
    expected: ['stg_orders', 'customers', 'orders', 'dim_customers', 'fact_sales', 'agg_daily_sales'],
  },
];

describe('selectNodes', () => {
  it.each(pipeline)('$name', ({ opts, expected }) => expectNames(selectNodes(context(), opts), expected));
});

describe('state:*', () => {
  it.each(stateCases)('$name', ({ opts, expected }) => expectNames(selectNodes(withState, opts), expected));
});

describe('result:*', () => {
  it.each(resultCases)('$name', ({ opts, expected }) => expectNames(selectNodes(withResults, opts), expected));
});
