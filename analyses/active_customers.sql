-- Dashboard: KPI overview. Customers who ordered in the last 30 and 90 days of data
-- (the same window as kpi_overview's), and all customers.
with bounds as (select max(date) as last_day from {{ ref('agg_daily_sales') }})
select
  count(*) filter (where last_order_at::date > (select last_day from bounds) - 30) as active_30_days,
  count(*) filter (where last_order_at::date > (select last_day from bounds) - 90) as active_90_days,
  count(*) as customers_with_orders,
  (select count(*) from {{ ref('dim_customers') }} where is_current) as customers
from {{ ref('agg_customer_lifetime') }}
