{{ config(indexes=[{'columns': ['date_sk'], 'unique': true}], reference=true) }}
select
  f.date_sk,
  d.date,
  count(distinct f.transaction_id) as orders,
  count(*) as line_items,
  sum(f.quantity) as units,
  sum(f.line_total) as revenue,
  sum(f.margin) as margin,
  count(distinct f.customer_id) as customers
from {{ ref('fact_sales') }} f
join {{ ref('dim_date') }} d on d.date_sk = f.date_sk
group by f.date_sk, d.date
