{{ config(
    audit={
      'rows_in': "select count(*) from {{ ref('customers') }}",
      'rows_out': "select count(*) from {{ this }} where customer_id <> 'UNKNOWN'",
      'rejected_missing_id': "select count(*) from {{ ref('customers') }} where nullif(trim(customer_id), '') is null",
      'duplicates_merged': "select count(*) - count(distinct coalesce(nullif(lower(trim(email)), ''), trim(customer_id))) from {{ ref('customers') }} where nullif(trim(customer_id), '') is not null",
      'names_standardized': "select count(*) from {{ ref('customers') }} where first_name <> {{ standardize_name('first_name') }} or last_name <> {{ standardize_name('last_name') }}",
      'fields_filled_unknown': "select count(*) from {{ this }} where customer_id <> 'UNKNOWN' and 'Unknown' in (email, phone, city, address, state)"
    },
    alias='customers',
    indexes=[{'columns': ['customer_key'], 'unique': true}]
) }}
{#- production.customers (3NF): duplicates removed (identity = normalized email; the latest
    record's attributes under the earliest id), names standardized, missing fields 'Unknown',
    plus one 'UNKNOWN' member that transactions with a missing or orphan customer point to. -#}
with src as (
  select s.*, m.surviving_id
  from {{ ref('customers') }} s
  join {{ ref('prod_customer_id_map') }} m on m.customer_id = trim(s.customer_id)
),
latest as (
  select *, row_number() over (partition by surviving_id order by updated_at desc nulls last, customer_id desc) as rn
  from src
)
select
  surviving_id as customer_id,
  substring(surviving_id from '[0-9]+')::int as customer_key,
  {{ standardize_name('first_name') }} as first_name,
  {{ standardize_name('last_name') }} as last_name,
  coalesce(nullif(lower(trim(email)), ''), 'Unknown') as email,
  {{ or_unknown('phone') }} as phone,
  {{ or_unknown('address') }} as address,
  {{ or_unknown('city') }} as city,
  {{ or_unknown('state') }} as state,
  {{ or_unknown('country') }} as country,
  {{ safe_timestamp('signup_date') }}::date as signup_date,
  true as is_active,
  coalesce({{ safe_timestamp('signup_date') }}, updated_at) as created_at,
  updated_at
from latest
where rn = 1
union all
select 'UNKNOWN', 0, 'Unknown', 'Unknown', 'Unknown', 'Unknown', 'Unknown', 'Unknown', 'Unknown', 'Unknown',
       null::date, true, timestamp '1900-01-01', timestamp '1900-01-01'
