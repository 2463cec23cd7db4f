/**
 * A café project shaped like dbt-labs/jaffle-shop (its unit tests use these
 * constructs: a source input whose timestamps carry fractional seconds, ref
 * inputs naming only key columns, several inputs per test, sums of decimal
 * costs, booleans derived from counts), written here without the dbt packages
 * and dbt.* macros that project needs.
 */
export const CAFE_FILES: Record<string, string> = {
  'project.yml':
    'name: cafe\nmodels:\n  cafe:\n    staging:\n      +materialized: view\n    marts:\n      +materialized: table\n',
  'models/staging/sources.yml': `version: 2
sources:
  - name: shop
    schema: raw
    tables:
      - name: stores
        columns:
          - {name: id, data_type: text}
          - {name: name, data_type: text}
          - {name: tax_rate, data_type: numeric}
          - {name: opened_at, data_type: timestamp}
      - name: orders
        columns:
          - {name: id, data_type: text}
          - {name: customer, data_type: text}
          - {name: ordered_at, data_type: timestamp}
          - {name: order_total, data_type: integer}
      - name: items
        columns:
          - {name: id, data_type: text}
          - {name: order_id, data_type: text}
          - {name: sku, data_type: text}
      - name: products
        columns:
          - {name: sku, data_type: text}
          - {name: name, data_type: text}
          - {name: type, data_type: text}
          - {name: price, data_type: integer}
      - name: supplies
        columns:
          - {name: id, data_type: text}
          - {name: sku, data_type: text}
          - {name: cost, data_type: integer}
`,
  'models/staging/stg_stores.sql': `select id as store_id, name as store_name, tax_rate, date_trunc('day', opened_at) as opened_date
from {{ source('shop', 'stores') }}`,
  'models/staging/stg_orders.sql': `select id as order_id, customer as customer_id, ordered_at, order_total / 100.0 as order_total
from {{ source('shop', 'orders') }}`,
  'models/staging/stg_items.sql': `select id as item_id, order_id, sku as product_id from {{ source('shop', 'items') }}`,
  'models/staging/stg_products.sql': `select sku as product_id, name as product_name, price / 100.0 as product_price,
  coalesce(type = 'food', false) as is_food, coalesce(type = 'drink', false) as is_drink
from {{ source('shop', 'products') }}`,
  'models/staging/stg_supplies.sql': `select id as supply_id, sku as product_id, cost / 100.0 as supply_cost
from {{ source('shop', 'supplies') }}`,
  'models/marts/order_items.sql': `with costs as (
  select product_id, sum(supply_cost) as supply_cost from {{ ref('stg_supplies') }} group by product_id
)
select i.*, o.ordered_at, p.product_name, p.product_price, p.is_food, p.is_drink, c.supply_cost
from {{ ref('stg_items') }} i
left join {{ ref('stg_orders') }} o on o.order_id = i.order_id
left join {{ ref('stg_products') }} p on p.product_id = i.product_id
left join costs c on c.product_id = i.product_id`,
  'models/marts/orders.sql': `with per_order as (
  select order_id, sum(case when is_food then 1 else 0 end) as food_items,
         sum(case when is_drink then 1 else 0 end) as drink_items
  from {{ ref('order_items') }} group by order_id
)
select o.*, p.food_items, p.drink_items, p.food_items > 0 as has_food, p.drink_items > 0 as has_drink
from {{ ref('stg_orders') }} o left join per_order p on p.order_id = o.order_id`,
  'models/unit.yml': `version: 2
unit_tests:
  - name: opening_time_is_cut_to_the_day
    model: stg_stores
    given:
      - input: source('shop', 'stores')
        rows:
          - {id: 1, name: "Harbour", tax_rate: 0.2, opened_at: "2016-09-01T00:00:00"}
          - {id: 2, name: "Hilltop", tax_rate: 0.1, opened_at: "2079-10-27T23:59:59.9999"}
    expect:
      rows:
        - {store_id: 1, store_name: "Harbour", tax_rate: 0.2, opened_date: "2016-09-01"}
        - {store_id: 2, store_name: "Hilltop", tax_rate: 0.1, opened_date: "2079-10-27"}
  - name: supply_costs_add_up_per_product
    model: order_items
    given:
      - input: ref('stg_supplies')
        rows:
          - {product_id: 1, supply_cost: 4.50}
          - {product_id: 2, supply_cost: 3.50}
          - {product_id: 2, supply_cost: 5.00}
      - input: ref('stg_products')
        rows: [{product_id: 1}, {product_id: 2}]
      - input: ref('stg_items')
        rows:
          - {order_id: 1, product_id: 1}
          - {order_id: 2, product_id: 2}
          - {order_id: 2, product_id: 2}
      - input: ref('stg_orders')
        rows: [{order_id: 1}, {order_id: 2}]
    expect:
      rows:
        - {order_id: 1, product_id: 1, supply_cost: 4.50}
        - {order_id: 2, product_id: 2, supply_cost: 8.50}
        - {order_id: 2, product_id: 2, supply_cost: 8.50}
  - name: item_counts_become_flags
    model: orders
    given:
      - input: ref('order_items')
        rows:
          - {order_id: 1, item_id: 1, is_drink: false, is_food: true}
          - {order_id: 1, item_id: 2, is_drink: true, is_food: false}
          - {order_id: 2, item_id: 3, is_drink: false, is_food: true}
      - input: ref('stg_orders')
        rows: [{order_id: 1}, {order_id: 2}]
    expect:
      rows:
        - {order_id: 1, food_items: 1, drink_items: 1, has_drink: true, has_food: true}
        - {order_id: 2, food_items: 1, drink_items: 0, has_drink: false, has_food: true}
`,
};
