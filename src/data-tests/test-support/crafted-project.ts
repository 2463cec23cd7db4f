/**
 * A small project whose data has known defects, one per kind, so every
 * built-in test has an exact expected failure count.
 *
 * customers (5 rows):
 *   1 ann@x.com  'Ann'  gold      30  A
 *   2 NULL       'Bob'  silver    17  B
 *   3 cy@x.com   '  '   bronze   150  C
 *   3 dup@x.com  ''     platinum NULL C
 *   4 ann@x.com  'Dee'  NULL      45  A
 * orders (4 rows): customer 9 is an orphan, one customer is NULL, dates from 2020.
 * regions (seed): A, B.
 */
export const CRAFTED_FILES: Record<string, string> = {
  'project.yml': `name: shop
models:
  shop:
    +materialized: table
`,
  'seeds/regions.csv': 'code,label\nA,North\nB,South\n',
  'models/customers.sql': `select * from (values
  (1, 'ann@x.com', 'Ann', 'gold', 30, 'A'),
  (2, null, 'Bob', 'silver', 17, 'B'),
  (3, 'cy@x.com', '  ', 'bronze', 150, 'C'),
  (3, 'dup@x.com', '', 'platinum', null, 'C'),
  (4, 'ann@x.com', 'Dee', null, 45, 'A')
) as t(customer_id, email, name, tier, age, region)`,
  'models/orders.sql': `select * from (values
  (10, 1, date '2020-01-01'),
  (11, 9, date '2020-01-02'),
  (12, null, date '2020-01-03'),
  (13, 2, date '2020-01-04')
) as t(order_id, customer_id, ordered_at)`,
  'models/fresh.sql': `select now() as loaded_at`,
  'models/schema.yml': `version: 2
models:
  - name: customers
    data_tests:
      - expression_is_true: {expression: "customer_id < 4"}
      - dbt_utils.unique_combination_of_columns:
          combination_of_columns: [customer_id, region]
          name: unique_customer_region
      - row_count: {min: 10}
      - row_count: {max: 20}
    columns:
      - name: customer_id
        data_tests: [unique]
      - name: email
        tests: [not_null, unique]
      - name: name
        data_tests: [not_empty_string]
      - name: tier
        data_tests:
          - accepted_values: {values: [gold, silver, bronze]}
      - name: age
        data_tests:
          - accepted_range: {min: 18, max: 120}
          - accepted_range: {min_value: 30, inclusive: false}
          - expression_is_true: {expression: "< 100"}
      - name: region
        data_tests:
          - relationships: {to: ref('regions'), field: code}
  - name: orders
    data_tests:
      - equal_row_count: {compare: ref('customers')}
      - recency: {field: ordered_at, datepart: day, interval: 1}
    columns:
      - name: customer_id
        data_tests:
          - relationships: {to: ref('customers'), field: customer_id}
  - name: fresh
    columns:
      - name: loaded_at
        data_tests:
          - recency: {datepart: hour, interval: 2}
seeds:
  - name: regions
    columns:
      - name: code
        data_tests: [unique, not_null]
sources:
  - name: shop_src
    schema: main
    tables:
      - name: regions
        columns:
          - name: code
            data_tests: [not_null]
`,
};

/** name → [status, failures, evaluated], as the crafted data dictates. */
export const EXPECTED: Record<string, [string, number, number]> = {
  expression_is_true_customers_customer_id_4: ['fail', 1, 5],
  unique_customer_region: ['fail', 1, 5],
  row_count_customers_10: ['fail', 1, 1],
  row_count_customers_20: ['pass', 0, 1],
  unique_customers_customer_id: ['fail', 1, 5],
  not_null_customers_email: ['fail', 1, 5],
  unique_customers_email: ['fail', 1, 5],
  not_empty_string_customers_name: ['fail', 2, 5],
  accepted_values_customers_tier__gold__silver__bronze: ['fail', 1, 5],
  accepted_range_customers_age__120__18: ['fail', 2, 5],
  accepted_range_customers_age__false__30: ['fail', 2, 5],
  expression_is_true_customers_age___100: ['fail', 1, 5],
  relationships_customers_region__code__ref_regions_: ['fail', 2, 5],
  equal_row_count_orders_ref_customers_: ['fail', 1, 5],
  recency_orders_day__ordered_at__1: ['fail', 1, 1],
  relationships_orders_customer_id__customer_id__ref_customers_: ['fail', 1, 4],
  recency_fresh_loaded_at__hour__2: ['pass', 0, 1],
  unique_regions_code: ['pass', 0, 2],
  not_null_regions_code: ['pass', 0, 2],
  source_not_null_shop_src_regions_code: ['pass', 0, 2],
};
