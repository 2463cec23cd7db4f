-- Reconciliation: every aggregate equals its recomputation from fact_sales.
with daily as (
  select date_sk, sum(line_total) as revenue, count(distinct transaction_id) as orders from {{ ref('fact_sales') }} group by 1
), product as (
  select product_id, sum(line_total) as revenue, sum(quantity) as units from {{ ref('fact_sales') }} group by 1
), customer as (
  select customer_id, sum(line_total) as revenue, count(distinct transaction_id) as orders from {{ ref('fact_sales') }} group by 1
)
select 'agg_daily_sales' as aggregate, coalesce(a.date_sk, d.date_sk)::text as key
from {{ ref('agg_daily_sales') }} a full join daily d on d.date_sk = a.date_sk
where a.revenue is distinct from d.revenue or a.orders is distinct from d.orders
union all
select 'agg_product_sales', coalesce(a.product_id, p.product_id)
from {{ ref('agg_product_sales') }} a full join product p on p.product_id = a.product_id
where a.revenue is distinct from p.revenue or a.units is distinct from p.units
union all
select 'agg_customer_lifetime', coalesce(a.customer_id, c.customer_id)
from {{ ref('agg_customer_lifetime') }} a full join customer c on c.customer_id = a.customer_id
where a.revenue is distinct from c.revenue or a.orders is distinct from c.orders
