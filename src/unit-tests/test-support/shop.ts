/** A small project with unit tests of every kind the unit-test tests exercise. */
export const SHOP_FILES: Record<string, string> = {
  'project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\nvars:\n  vip_threshold: 100\n',
  'seeds/raw_orders.csv':
    'order_id,customer,amount,status,ordered_at\n1,ann,10.5,paid,2024-01-02 10:00:00\n2,bob,3,refunded,2024-01-03 11:00:00\n',
  'models/staging/stg_orders.sql': `{{ config(materialized='view') }}
select order_id, lower(trim(customer)) as customer, amount, status, ordered_at
from {{ ref('raw_orders') }} where status <> 'refunded'`,
  'models/marts/customer_totals.sql': `select customer, sum(amount) as total, count(*) as orders,
  sum(amount) >= {{ var('vip_threshold') }} as vip
from {{ ref('stg_orders') }} group by customer`,
  'models/marts/customer_report.sql': `select customer, total from {{ ref('customer_totals') }}`,
  'models/marts/orders_incr.sql': `{{ config(materialized='incremental', unique_key='order_id') }}
select order_id, amount, ordered_at from {{ ref('stg_orders') }}
{% if is_incremental() %} where ordered_at > (select max(ordered_at) from {{ this }}) {% endif %}`,
  'models/marts/event_counts.sql': `select kind, count(*) as n, '{{ env_var("SHOP_REGION", "eu") }}' as region, {{ shop_label() }} as label
from {{ source('app', 'events') }} group by kind`,
  'macros/label.sql': `{% macro shop_label() %}'real'{% endmacro %}`,
  'tests/fixtures/totals_input.csv': 'customer,amount\nann,1.25\nann,2\nbob,7\n',
  'tests/fixtures/totals_expected.sql': `select 'ann' as customer, 3.25 as total, 2 as orders
union all select 'bob', 7, 1`,
  'models/sources.yml': `version: 2
sources:
  - name: app
    tables:
      - name: events
`,
  'models/unit.yml': `version: 2
unit_tests:
  - name: stg_orders_lowercases_and_drops_refunds
    model: stg_orders
    given:
      - input: ref('raw_orders')
        rows:
          - {order_id: 1, customer: " ANN ", amount: 4.50, status: paid}
          - {order_id: 2, customer: Bob, status: refunded}
          - {order_id: 3, customer: cy, status: paid}
    expect:
      rows:
        - {order_id: 1, customer: ann, amount: 4.5}
        - {order_id: 3, customer: cy, amount: null}
  - name: totals_from_csv
    model: customer_totals
    config: {tags: [csv]}
    given:
      - input: ref('stg_orders')
        format: csv
        rows: |
          customer,amount
          ann,60
          ann,40
          bob,7
    expect:
      format: csv
      rows: |
        customer,total,orders,vip
        ann,100.00,2,true
        bob,7,1,false
  - name: totals_from_fixture_files
    model: customer_totals
    given:
      - input: ref('stg_orders')
        format: csv
        fixture: totals_input
    expect:
      format: sql
      fixture: totals_expected
  - name: totals_vip_threshold_override
    model: customer_totals
    overrides:
      vars: {vip_threshold: 5}
    given:
      - input: ref('stg_orders')
        format: sql
        rows: select 'bob'::text as customer, 7::numeric as amount
    expect:
      rows:
        - {customer: bob, vip: true}
  - name: incremental_reads_only_new_rows
    model: orders_incr
    overrides:
      macros: {is_incremental: true}
    given:
      - input: this
        rows:
          - {order_id: 1, ordered_at: "2024-01-02 10:00:00"}
      - input: ref('stg_orders')
        rows:
          - {order_id: 1, amount: 1, ordered_at: "2024-01-02 10:00:00"}
          - {order_id: 5, amount: 2, ordered_at: "2024-02-01 09:00:00"}
    expect:
      rows:
        - {order_id: 5, amount: 2}
  - name: events_with_overridden_env_and_macro
    model: event_counts
    overrides:
      env_vars: {SHOP_REGION: us}
      macros: {shop_label: "'mocked'"}
    given:
      - input: source('app', 'events')
        rows:
          - {id: 1, kind: click, at: "2024-01-01 00:00:00"}
          - {id: 2, kind: click}
          - {id: 3, kind: view}
    expect:
      rows:
        - {kind: click, n: 2, region: us, label: mocked}
        - {kind: view, n: 1, region: us, label: mocked}
  - name: totals_wrong_on_purpose
    model: customer_totals
    config: {tags: [failing]}
    given:
      - input: ref('stg_orders')
        rows:
          - {customer: ann, amount: 1}
          - {customer: bob, amount: 2}
          - {customer: cy, amount: 3}
    expect:
      rows:
        - {customer: ann, total: 1, orders: 1}
        - {customer: bob, total: 20, orders: 1}
        - {customer: dee, total: 4, orders: 1}
`,
};
