import { describe, it } from 'vitest';
import { selectNodes } from './index.js';
import { context, expectNames } from './test-support/fixture.js';

const UPSTREAM_OF_CUSTOMERS = ['stg_customers', 'stg_orders', 'raw.customers', 'raw.orders', 'country_codes'];

/** Graph operators, unions and intersections, without indirect selection of tests. */
const cases: [select: string[], expected: string[]][] = [
  // x+ / x+N: descendants (tests are children in the graph too)
  [['agg_daily_sales+'], ['agg_daily_sales', 'sales_report']],
  [['dim_customers+1'], ['dim_customers', 'fact_sales', 'assert_positive_sales']],
  [
    ['dim_customers+2'],
    ['dim_customers', 'fact_sales', 'assert_positive_sales', 'agg_daily_sales', 'accepted_values_fact_sales_status'],
  ],
  [['dim_customers+0'], ['dim_customers']],
  // +x / N+x: ancestors
  [['+stg_payments'], ['stg_payments', 'payment_methods']],
  [['+customers'], ['customers', ...UPSTREAM_OF_CUSTOMERS]],
  [['1+customers'], ['customers', 'stg_customers', 'stg_orders', 'country_codes']],
  [['2+path:models/warehouse/agg_daily_sales.sql'], ['agg_daily_sales', 'fact_sales', 'orders', 'dim_customers']],
  // +x+
  [
    ['+dim_customers+'],
    [
      'dim_customers',
      'customers',
      ...UPSTREAM_OF_CUSTOMERS,
      'fact_sales',
      'agg_daily_sales',
      'sales_report',
      'accepted_values_fact_sales_status',
      'assert_positive_sales',
    ],
  ],
  [['1+dim_customers+1'], ['customers', 'dim_customers', 'fact_sales', 'assert_positive_sales']],
  // @x: x, its descendants, and every ancestor of those
  [
    ['@stg_payments'],
    [
      'stg_payments',
      'payment_methods',
      'orders',
      'stg_orders',
      'raw.orders',
      'fact_sales',
      'dim_customers',
      'customers',
      'stg_customers',
      'raw.customers',
      'country_codes',
      'agg_daily_sales',
      'sales_report',
      'not_null_orders_id',
      'relationships_orders_customers',
      'accepted_values_fact_sales_status',
      'assert_positive_sales',
    ],
  ],
  [
    ['@sales_report'],
    [
      'sales_report',
      'agg_daily_sales',
      'fact_sales',
      'orders',
      'dim_customers',
      'customers',
      'stg_payments',
      'payment_methods',
      ...UPSTREAM_OF_CUSTOMERS,
    ],
  ],
  // operators apply to everything a method matched
  [['tag:lookup+1'], ['country_codes', 'payment_methods', 'customers', 'stg_payments']],
  [
    ['source:raw+1'],
    ['raw.customers', 'raw.orders', 'stg_customers', 'stg_orders', 'source_not_null_raw_customers_id'],
  ],
  [['+config.materialized:ephemeral'], ['stg_payments', 'payment_methods']],
  [
    ['stg_*+1'],
    [
      'stg_customers',
      'stg_orders',
      'stg_payments',
      'customers',
      'orders',
      'customers_snapshot',
      'campaigns',
      'not_null_stg_customers_id',
      'unique_stg_customers_id',
    ],
  ],
  [['nonexistent+'], []],
  // union: spaces inside one string, and several strings
  [['stg_customers stg_orders'], ['stg_customers', 'stg_orders']],
  [['  stg_customers \t  stg_orders  '], ['stg_customers', 'stg_orders']],
  [
    ['tag:nightly', 'seeds/country_codes.csv'],
    ['stg_customers', 'fact_sales', 'country_codes'],
  ],
  [['agg_daily_sales+ resource_type:seed'], ['agg_daily_sales', 'sales_report', 'country_codes', 'payment_methods']],
  // intersection: commas, each criterion with its own operators
  [['tag:finance,config.materialized:table'], ['dim_customers', 'agg_daily_sales']],
  [['warehouse,tag:nightly'], ['fact_sales']],
  [['+fact_sales,resource_type:seed'], ['country_codes', 'payment_methods']],
  [['+customers,+orders'], ['stg_orders', 'raw.orders']],
  [['tag:pii,resource_type:model stg_payments'], ['customers', 'stg_payments']],
  [['tag:pii,tag:lookup'], []],
];

describe('graph operators, union and intersection', () => {
  it.each(cases)('%j', (select, expected) => {
    expectNames(selectNodes(context(), { select, indirectSelection: 'empty' }), expected);
  });
});
