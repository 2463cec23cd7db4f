{{ config(indexes=[{'columns': ['product_id'], 'unique': true}], reference=true) }}
select
  f.product_id,
  cur.product_name,
  cur.category,
  count(distinct f.transaction_id) as orders,
  sum(f.quantity) as units,
  sum(f.line_total) as revenue,
  sum(f.margin) as margin,
  min(f.sold_at) as first_sold_at,
  max(f.sold_at) as last_sold_at
from {{ ref('fact_sales') }} f
join {{ ref('dim_products') }} cur on cur.product_id = f.product_id and cur.is_current
group by f.product_id, cur.product_name, cur.category
