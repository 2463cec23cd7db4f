-- Dashboard: customer analytics. Customers by lifetime revenue band, with their orders and cities.
select
  case
    when revenue >= 20000 then '1. 20k+'
    when revenue >= 10000 then '2. 10k–20k'
    when revenue >= 5000 then '3. 5k–10k'
    when revenue >= 1000 then '4. 1k–5k'
    else '5. under 1k'
  end as revenue_band,
  count(*) as customers,
  sum(orders) as orders,
  sum(revenue) as revenue,
  round(avg(lifetime_days)) as avg_lifetime_days
from {{ ref('agg_customer_lifetime') }}
group by 1
order by 1
