-- Dashboard: product performance. Top products by revenue, and revenue per category.
select
  category,
  product_name,
  units,
  revenue,
  round(100 * margin / nullif(revenue, 0), 1) as margin_pct,
  rank() over (partition by category order by revenue desc) as rank_in_category
from {{ ref('agg_product_sales') }}
order by revenue desc
