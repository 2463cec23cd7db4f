{{ config(indexes=[{'columns': ['date_sk'], 'unique': true}], reference=true) }}
-- Version 2 of agg_daily_sales (a prerelease): v1's figures plus the average order value and the margin rate.
select
  f.date_sk,
  d.date,
  count(distinct f.transaction_id) as orders,
  count(*) as line_items,
  sum(f.quantity) as units,
  sum(f.line_total) as revenue,
  sum(f.margin) as margin,
  count(distinct f.customer_id) as customers,
  round(sum(f.line_total) / nullif(count(distinct f.transaction_id), 0), 2) as average_order_value,
  round(sum(f.margin) / nullif(sum(f.line_total), 0), 4) as margin_rate
from {{ ref('fact_sales') }} f
join {{ ref('dim_date') }} d on d.date_sk = f.date_sk
group by f.date_sk, d.date
