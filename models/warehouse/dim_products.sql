{{ config(
    materialized='snapshot',
    unique_key='product_id',
    strategy='timestamp',
    updated_at='updated_at',
    indexes=[{'columns': ['product_id']}],
    reference=true
) }}
{#- SCD Type 2 over production.products (a price change makes a new version). -#}
select product_id, product_key, product_name, category, brand, price, cost, supplier_id, updated_at
from {{ ref('prod_products') }}
