-- Dashboard: product performance per category. Products, units, revenue and margin by category.
select
  category,
  count(*) as products,
  sum(units) as units,
  sum(revenue) as revenue,
  sum(margin) as margin,
  round(100 * sum(margin) / nullif(sum(revenue), 0), 1) as margin_pct
from {{ ref('agg_product_sales') }}
group by category
order by revenue desc, category
