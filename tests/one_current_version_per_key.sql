-- SCD2: no customer and no product has two current versions.
select 'customer' as dimension, customer_id as key from {{ ref('dim_customers') }} where is_current group by customer_id having count(*) > 1
union all
select 'product', product_id from {{ ref('dim_products') }} where is_current group by product_id having count(*) > 1
