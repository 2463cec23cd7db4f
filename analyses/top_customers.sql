-- Dashboard: customer analytics. The 20 customers with the highest lifetime revenue.
select
  l.customer_id,
  c.first_name || ' ' || c.last_name as customer_name,
  l.current_city as city,
  l.orders,
  l.revenue,
  l.avg_order_value,
  to_char(l.first_order_at, 'YYYY-MM-DD') as first_order,
  to_char(l.last_order_at, 'YYYY-MM-DD') as last_order
from {{ ref('agg_customer_lifetime') }} l
join {{ ref('dim_customers') }} c on c.customer_id = l.customer_id and c.is_current
order by l.revenue desc, l.customer_id
limit 20
