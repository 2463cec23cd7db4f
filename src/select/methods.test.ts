import { describe, it } from 'vitest';
import { selectNodes } from './index.js';
import { ALL, ALL_TESTS, context, expectNames } from './test-support/fixture.js';

/** Each selector alone, without indirect selection of tests, so only the method's own matches show. */
const cases: [selector: string, expected: string[]][] = [
  // default method: node name or fqn (folder path); sources are not in the fqn method (as in dbt)
  ['stg_customers', ['stg_customers']],
  ['customers', ['customers']],
  ['warehouse', ['dim_customers', 'fact_sales', 'agg_daily_sales', 'accepted_values_fact_sales_status']],
  [
    'staging',
    [
      'stg_customers',
      'stg_orders',
      'stg_payments',
      'not_null_stg_customers_id',
      'unique_stg_customers_id',
      'source_not_null_raw_customers_id',
    ],
  ],
  ['staging.stg_customers', ['stg_customers']],
  ['shop.warehouse.fact_sales', ['fact_sales']],
  ['shop', ALL.filter((n) => !['raw.customers', 'raw.orders', 'campaigns'].includes(n))],
  ['campaigns', ['campaigns']],
  ['marketing_pkg.campaigns', ['campaigns']],
  ['fqn:production', ['customers', 'orders', 'not_null_orders_id', 'relationships_orders_customers']],
  // wildcards in names and fqn paths
  ['stg_*', ['stg_customers', 'stg_orders', 'stg_payments']],
  ['*_sales', ['fact_sales', 'agg_daily_sales', 'assert_positive_sales']],
  ['stg_?rders', ['stg_orders']],
  [
    'staging.*',
    [
      'stg_customers',
      'stg_orders',
      'stg_payments',
      'not_null_stg_customers_id',
      'unique_stg_customers_id',
      'source_not_null_raw_customers_id',
    ],
  ],
  // path: folders, files, globs, yml files (defined in, or documented in via patchPath)
  [
    'models/staging',
    [
      'stg_customers',
      'stg_orders',
      'stg_payments',
      'not_null_stg_customers_id',
      'unique_stg_customers_id',
      'source_not_null_raw_customers_id',
      'raw.customers',
      'raw.orders',
    ],
  ],
  ['path:models/production/', ['customers', 'orders', 'not_null_orders_id', 'relationships_orders_customers']],
  ['path:./models/warehouse/fact_sales.sql', ['fact_sales']],
  ['path:models/*/orders.sql', ['orders']],
  [
    'path:models/**/*.yml',
    [
      'not_null_stg_customers_id',
      'unique_stg_customers_id',
      'not_null_orders_id',
      'relationships_orders_customers',
      'accepted_values_fact_sales_status',
      'source_not_null_raw_customers_id',
      'raw.customers',
      'raw.orders',
      'stg_customers',
      'stg_orders',
    ],
  ],
  [
    'path:models/staging/schema.yml',
    ['not_null_stg_customers_id', 'unique_stg_customers_id', 'stg_customers', 'stg_orders'],
  ],
  ['seeds/country_codes.csv', ['country_codes']],
  ['path:snapshots', ['customers_snapshot']],
  // file: by file name or stem; a bare name with an extension is a file name
  ['stg_orders.sql', ['stg_orders']],
  ['file:stg_customers.sql', ['stg_customers']],
  ['file:fact_sales', ['fact_sales']],
  [
    'file:schema.yml',
    [
      'not_null_stg_customers_id',
      'unique_stg_customers_id',
      'not_null_orders_id',
      'relationships_orders_customers',
      'accepted_values_fact_sales_status',
    ],
  ],
  ['file:*.csv', ['country_codes', 'payment_methods']],
  // tag:
  ['tag:nightly', ['stg_customers', 'fact_sales']],
  ['tag:nightly*', ['stg_customers', 'stg_orders', 'fact_sales']],
  ['tag:pii', ['raw.customers', 'customers']],
  ['tag:lookup', ['country_codes', 'payment_methods']],
  // config.<key>: strings, arrays, booleans, nested keys, dict keys, case-insensitive severity
  ['config.materialized:incremental', ['orders', 'fact_sales']],
  ['config.materialized:table', ['customers', 'dim_customers', 'agg_daily_sales']],
  ['config.materialized:*al', ['stg_payments', 'orders', 'fact_sales']],
  ['config.tags:finance', ['dim_customers', 'fact_sales', 'agg_daily_sales', 'accepted_values_fact_sales_status']],
  ['config.full_refresh:false', ['fact_sales']],
  ['config.enabled:true', ALL],
  ['config.contract.enforced:true', ['dim_customers']],
  ['config.meta.owner:analytics', ['dim_customers']],
  ['config.meta:owner', ['customers', 'dim_customers']],
  ['config.severity:warn', ['unique_stg_customers_id', 'accepted_values_fact_sales_status']],
  ['config.schema:reporting', ['agg_daily_sales']],
  ['config.unique_key:order_id', ['orders']],
  // resource_type:
  ['resource_type:seed', ['country_codes', 'payment_methods']],
  ['resource_type:source', ['raw.customers', 'raw.orders']],
  ['resource_type:snapshot', ['customers_snapshot']],
  ['resource_type:analysis', ['sales_report']],
  ['resource_type:test', ALL_TESTS],
  // source:
  ['source:raw', ['raw.customers', 'raw.orders']],
  ['source:raw.orders', ['raw.orders']],
  ['source:shop.raw.cust*', ['raw.customers']],
  ['source:other', []],
  // package:
  ['package:marketing_pkg', ['campaigns']],
  ['package:shop', ALL.filter((n) => n !== 'campaigns')],
  ['package:market*', ['campaigns']],
  // test_type: and test_name:
  ['test_type:generic', ALL_TESTS.filter((n) => n !== 'assert_positive_sales')],
  ['test_type:singular', ['assert_positive_sales']],
  ['test_name:not_null', ['not_null_stg_customers_id', 'not_null_orders_id', 'source_not_null_raw_customers_id']],
  ['test_name:accepted_*', ['accepted_values_fact_sales_status']],
  // matching nothing is not an error; matching is case-sensitive
  ['tag:does_not_exist', []],
  ['STG_CUSTOMERS', []],
];

describe('selection methods', () => {
  it.each(cases)('%s', (selector, expected) => {
    expectNames(selectNodes(context(), { select: [selector], indirectSelection: 'empty' }), expected);
  });
});
