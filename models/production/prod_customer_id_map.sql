{{ config(materialized='ephemeral') }}
{#- Every staging customer_id → the id it survives as after de-duplication.
    Identity: the normalized email (trimmed, lower case); customers without an
    email are their own identity. A duplicate keeps the EARLIEST id (a stable
    key for history and foreign keys) and the LATEST attributes (see customers). -#}
with src as (
  select trim(customer_id) as customer_id, nullif(lower(trim(email)), '') as email
  from {{ ref('customers') }}
  where nullif(trim(customer_id), '') is not null
)
select customer_id, min(customer_id) over (partition by coalesce(email, customer_id)) as surviving_id
from src
