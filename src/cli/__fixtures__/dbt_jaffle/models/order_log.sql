{{
    config(
        materialized='incremental',
        unique_key='order_id'
    )
}}

{# New orders only, once the table exists. #}
select
    order_id,
    customer_id,
    order_date,
    status
from {{ ref('stg_orders') }}

{%- if is_incremental() %}

where order_id > (select coalesce(max(order_id), 0) from {{ this }})

{%- endif %}
