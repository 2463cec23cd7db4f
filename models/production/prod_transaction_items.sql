{{ config(
    audit={
      'rows_in': "select count(*) from {{ ref('transaction_items') }}",
      'rows_out': "select count(*) from {{ this }}",
      'rejected_nonpositive_quantity': "select count(*) from {{ ref('transaction_items') }} where quantity <= 0",
      'rejected_no_transaction': "select count(*) from {{ ref('transaction_items') }} i where i.quantity > 0 and not exists (select 1 from {{ ref('prod_transactions') }} t where t.transaction_id = trim(i.transaction_id))",
      'products_unknown': "select count(*) from {{ this }} where product_id = 'UNKNOWN'",
      'discounts_reset': "select count(*) from {{ ref('transaction_items') }} where discount not between 0 and 1",
      'line_totals_recalculated': "select count(*) from {{ ref('transaction_items') }} where quantity > 0 and line_total <> round(quantity * unit_price * (1 - case when discount between 0 and 1 then discount else 0 end), 2)"
    },
    alias='transaction_items',
    indexes=[{'columns': ['transaction_id']}, {'columns': ['product_id']}]
) }}
{#- production.transaction_items (3NF). Rules:
    - quantity zero or negative: the line is rejected;
    - a line whose transaction is missing or was rejected: rejected;
    - product_id missing or pointing at no (valid) product: the 'UNKNOWN' product;
    - discount outside [0, 1]: treated as no discount (0);
    - line_total recalculated as round(quantity × unit_price × (1 − discount), 2). -#}
with src as (
  select
    trim(i.item_id) as item_id,
    nullif(trim(i.transaction_id), '') as transaction_id,
    nullif(trim(i.product_id), '') as product_id,
    i.quantity,
    i.unit_price,
    case when i.discount between 0 and 1 then i.discount else 0 end as discount
  from {{ ref('transaction_items') }} i
)
select
  s.item_id,
  substring(s.item_id from '[0-9]+')::bigint as item_key,
  t.transaction_id,
  coalesce(p.product_id, 'UNKNOWN') as product_id,
  s.quantity,
  s.unit_price,
  s.discount,
  round(s.quantity * s.unit_price * (1 - s.discount), 2) as line_total,
  true as is_active,
  t.transaction_date as created_at,
  t.updated_at
from src s
join {{ ref('prod_transactions') }} t on t.transaction_id = s.transaction_id
left join {{ ref('prod_products') }} p on p.product_id = s.product_id
where s.quantity > 0
