{{ config(
    audit={
      'rows_in': "select count(*) from {{ ref('products') }}",
      'rows_out': "select count(*) from {{ this }} where product_id <> 'UNKNOWN'",
      'rejected_no_usable_price': "select count(*) from {{ ref('products') }} where coalesce({{ safe_numeric('price') }}, 0) <= 0 and coalesce({{ safe_numeric('cost') }}, 0) <= 0",
      'prices_rebuilt_from_cost': "select count(*) from {{ ref('products') }} where coalesce({{ safe_numeric('price') }}, 0) <= 0 and {{ safe_numeric('cost') }} > 0",
      'costs_reset_below_price': "select count(*) from {{ ref('products') }} where {{ safe_numeric('price') }} > 0 and coalesce({{ safe_numeric('cost') }}, 0) >= {{ safe_numeric('price') }}",
      'suppliers_filled': "select count(*) from {{ this }} where supplier_id = 'SUP_UNKNOWN' and product_id <> 'UNKNOWN'"
    },
    alias='products',
    indexes=[{'columns': ['product_key'], 'unique': true}]
) }}
{#- production.products (3NF). Rules:
    - price missing, unparseable, zero or negative: rebuilt from the cost at a 30% margin
      (price = cost / 0.7); without a usable cost either the product is rejected and its
      line items point to the 'UNKNOWN' product;
    - cost >= price: cost reset to 70% of the price (cost < price must hold);
    - missing supplier_id: 'SUP_UNKNOWN'.
    The 'UNKNOWN' member has no known cost (NULL), so its margin is unknown rather than 100%. -#}
with src as (
  select
    trim(product_id) as product_id, product_name, category, brand,
    {{ safe_numeric('price') }} as raw_price,
    {{ safe_numeric('cost') }} as raw_cost,
    nullif(trim(supplier_id), '') as supplier_id,
    updated_at
  from {{ ref('products') }}
  where nullif(trim(product_id), '') is not null
),
priced as (
  select *,
    case when raw_price > 0 then raw_price when raw_cost > 0 then round(raw_cost / 0.7, 2) end as price
  from src
)
select
  product_id,
  substring(product_id from '[0-9]+')::int as product_key,
  {{ or_unknown('product_name') }} as product_name,
  {{ or_unknown('category') }} as category,
  {{ or_unknown('brand') }} as brand,
  price,
  case when raw_cost > 0 and raw_cost < price then raw_cost else round(price * 0.7, 2) end as cost,
  coalesce(supplier_id, 'SUP_UNKNOWN') as supplier_id,
  true as is_active,
  updated_at as created_at,
  updated_at
from priced
where price is not null
union all
select 'UNKNOWN', 0, 'Unknown', 'Unknown', 'Unknown', 0.01, null::numeric, 'SUP_UNKNOWN', true, timestamp '1900-01-01', timestamp '1900-01-01'
