-- Dashboard: KPI overview. Revenue, orders, customers, average order value and margin,
-- all time and for the last 30 days of data.
with bounds as (select max(date) as last_day from {{ ref('agg_daily_sales') }})
select
  sum(revenue) as revenue,
  sum(orders) as orders,
  (select count(*) from {{ ref('agg_customer_lifetime') }}) as customers,
  round(sum(revenue) / nullif(sum(orders), 0), 2) as avg_order_value,
  round(100 * sum(margin) / nullif(sum(revenue), 0), 1) as margin_pct,
  sum(revenue) filter (where date > (select last_day from bounds) - 30) as revenue_last_30_days,
  sum(orders) filter (where date > (select last_day from bounds) - 30) as orders_last_30_days
from {{ ref('agg_daily_sales') }}
