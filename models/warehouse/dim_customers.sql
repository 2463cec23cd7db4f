{{ config(
    materialized='snapshot',
    unique_key='customer_id',
    strategy='timestamp',
    updated_at='updated_at',
    indexes=[{'columns': ['customer_id']}],
    reference=true
) }}
{#- SCD Type 2 over production.customers: customer_sk, is_current, effective_date, end_date.
    The first version of each customer starts at 1900-01-01, whether the customer was in the
    first snapshot or arrived later (a new customer's first sale can predate its updated_at),
    so every fact finds a row; a change (a later updated_at) closes the current version and
    opens a new one at that time. -#}
select customer_id, customer_key, first_name, last_name, email, phone, address, city, state, country, signup_date, updated_at
from {{ ref('prod_customers') }}
