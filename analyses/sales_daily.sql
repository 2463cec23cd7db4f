-- Dashboard: sales trends per day. Revenue, orders, margin and customers for every day with sales.
select
  to_char(date, 'YYYY-MM-DD') as day,
  revenue,
  orders,
  margin,
  customers
from {{ ref('agg_daily_sales') }}
order by date
