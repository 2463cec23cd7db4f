{{ config(
    audit={
      'rows_in': "select count(*) from {{ ref('transactions') }}",
      'rows_out': "select count(*) from {{ this }}",
      'rejected_invalid_date': "select count(*) from {{ ref('transactions') }} where {{ safe_timestamp('transaction_date') }} is null",
      'rejected_future_date': "select count(*) from {{ ref('transactions') }} where {{ safe_timestamp('transaction_date') }} >= date '{{ var('data_cutoff_date') }}' + 1",
      'payment_methods_mapped': "select count(*) from {{ ref('transactions') }} where payment_method not in ('credit_card', 'debit_card', 'paypal', 'bank_transfer', 'gift_card', 'cash_on_delivery') and {{ canonical_payment_method('payment_method') }} <> 'unknown'",
      'payment_methods_unknown': "select count(*) from {{ this }} where payment_method = 'unknown'",
      'customers_unknown': "select count(*) from {{ this }} where customer_id = 'UNKNOWN'"
    },
    alias='transactions',
    indexes=[{'columns': ['customer_id']}, {'columns': ['transaction_date']}]
) }}
{#- production.transactions (3NF). Rules:
    - transaction_date unparseable ('2024-13-45', 'not a date') or after the extraction
      cut-off (var data_cutoff_date): the transaction is rejected, with its line items;
    - payment_method: variant spellings mapped to the canonical set; anything else 'unknown';
    - customer_id missing or pointing at no customer: the 'UNKNOWN' customer (revenue kept);
      a duplicate customer's id: the id it survives as. -#}
with src as (
  select
    trim(t.transaction_id) as transaction_id,
    nullif(trim(t.customer_id), '') as raw_customer_id,
    {{ safe_timestamp('t.transaction_date') }} as transaction_date,
    {{ canonical_payment_method('t.payment_method') }} as payment_method,
    coalesce(nullif(lower(trim(t.status)), ''), 'unknown') as status,
    t.updated_at
  from {{ ref('transactions') }} t
  where nullif(trim(t.transaction_id), '') is not null
)
select
  s.transaction_id,
  substring(s.transaction_id from '[0-9]+')::int as transaction_key,
  coalesce(m.surviving_id, 'UNKNOWN') as customer_id,
  s.transaction_date,
  s.payment_method,
  s.status,
  true as is_active,
  s.transaction_date as created_at,
  coalesce(s.updated_at::timestamp, s.transaction_date) as updated_at
from src s
left join {{ ref('prod_customer_id_map') }} m on m.customer_id = s.raw_customer_id
where s.transaction_date is not null
  and s.transaction_date < (date '{{ var("data_cutoff_date") }}' + 1)
