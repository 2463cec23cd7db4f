-- Dashboard: customer analytics. Per month, customers ordering for the first time and
-- returning ones, with the revenue of each group.
with firsts as (
  select customer_id, to_char(first_order_at, 'YYYY-MM') as first_month
  from {{ ref('agg_customer_lifetime') }}
),
monthly as (
  select to_char(sold_at, 'YYYY-MM') as year_month, customer_id, sum(line_total) as revenue
  from {{ ref('fact_sales') }}
  group by 1, 2
)
select
  m.year_month,
  count(*) filter (where m.year_month = c.first_month) as new_customers,
  count(*) filter (where m.year_month > c.first_month) as returning_customers,
  coalesce(sum(m.revenue) filter (where m.year_month = c.first_month), 0) as new_revenue,
  coalesce(sum(m.revenue) filter (where m.year_month > c.first_month), 0) as returning_revenue
from monthly m
join firsts c on c.customer_id = m.customer_id
group by m.year_month
order by m.year_month
