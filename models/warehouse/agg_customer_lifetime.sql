{{ config(indexes=[{'columns': ['customer_id'], 'unique': true}], distributed_by='customer_id', colocate_with='fact_sales') }}
select
  f.customer_id,
  cur.city as current_city,
  count(distinct f.transaction_id) as orders,
  sum(f.line_total) as revenue,
  round(sum(f.line_total) / nullif(count(distinct f.transaction_id), 0), 2) as avg_order_value,
  min(f.sold_at) as first_order_at,
  max(f.sold_at) as last_order_at,
  (max(f.sold_at)::date - min(f.sold_at)::date) as lifetime_days
from {{ ref('fact_sales') }} f
join {{ ref('dim_customers') }} cur on cur.customer_id = f.customer_id and cur.is_current
group by f.customer_id, cur.city
