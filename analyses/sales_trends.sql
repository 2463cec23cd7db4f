-- Dashboard: sales trends. Revenue and orders per month, with the weekend share.
select
  d.year_month,
  sum(a.revenue) as revenue,
  sum(a.orders) as orders,
  round(100 * sum(a.revenue) filter (where d.is_weekend) / nullif(sum(a.revenue), 0), 1) as weekend_revenue_pct
from {{ ref('agg_daily_sales') }} a
join {{ ref('dim_date') }} d on d.date_sk = a.date_sk
group by d.year_month
order by d.year_month
