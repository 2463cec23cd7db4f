{{ config(
    partition_by={'field': 'sale_date', 'granularity': 'month'},
    distributed_by='customer_id',
    cluster_by=['date_sk'],
    indexes=[
      {'columns': ['date_sk']},
      {'columns': ['customer_sk']},
      {'columns': ['product_sk']},
      {'columns': ['payment_method_sk']}
    ]
) }}
{#- One row per transaction line item. Each line points at the customer and product
    versions valid at the transaction's own time (the as-of join), so a customer who
    moved keeps their old sales on the old customer_sk. Cost and margin use the product
    version's cost at that time.
    On Citus it is sharded by customer_id: customers are many and even (all of a
    transaction's lines land on one shard, as it has one customer), and the per-customer
    questions — lifetime value, cohorts, agg_customer_lifetime colocated with it — run
    on each shard with no data moved. Other targets ignore distributed_by. -#}
select
  i.item_id,
  i.transaction_id,
  d.date_sk,
  c.customer_sk,
  p.product_sk,
  pm.payment_method_sk,
  t.customer_id,
  i.product_id,
  t.transaction_date as sold_at,
  t.transaction_date::date as sale_date,
  t.status,
  i.quantity,
  i.unit_price,
  i.discount,
  i.line_total,
  round(i.quantity * p.cost, 2) as cost_total,
  i.line_total - round(i.quantity * p.cost, 2) as margin
from {{ ref('prod_transaction_items') }} i
join {{ ref('prod_transactions') }} t on t.transaction_id = i.transaction_id
join {{ ref('dim_date') }} d on d.date = t.transaction_date::date
join {{ ref('dim_customers') }} c on {{ as_of_join('c', 'customer_id', 't.customer_id', 't.transaction_date') }}
join {{ ref('dim_products') }} p on {{ as_of_join('p', 'product_id', 'i.product_id', 't.transaction_date') }}
join {{ ref('dim_payment_method') }} pm on pm.payment_method = t.payment_method
