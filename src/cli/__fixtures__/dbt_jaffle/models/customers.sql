{{ config(materialized='table') }}

{% set payment_methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card'] %}

with customers as (

    select * from {{ ref('stg_customers') }}

),

orders as (

    select * from {{ ref('stg_orders') }}

),

payments as (

    select * from {{ ref('stg_payments') }}

),

customer_orders as (

    select
        customer_id,
        min(order_date) as first_order,
        max(order_date) as most_recent_order,
        count(order_id) as number_of_orders
    from orders
    group by customer_id

),

customer_payments as (

    select
        orders.customer_id,
        {%- for method in payment_methods %}
        sum(case when payments.payment_method = '{{ method }}' then payments.amount else 0 end) as {{ method }}_paid
        {%- if not loop.last %},{% endif -%}
        {% endfor %}
    from payments
    left join orders on payments.order_id = orders.order_id
    group by orders.customer_id

),

final as (

    select
        customers.customer_id,
        customers.first_name,
        customers.last_name,
        customer_orders.first_order,
        customer_orders.most_recent_order,
        coalesce(customer_orders.number_of_orders, 0) as {{ adapter.quote('number_of_orders') }},
        coalesce(customer_payments.credit_card_paid, 0)
          + coalesce(customer_payments.coupon_paid, 0)
          + coalesce(customer_payments.bank_transfer_paid, 0)
          + coalesce(customer_payments.gift_card_paid, 0) as customer_lifetime_value
    from customers
    left join customer_orders
        on customers.customer_id = customer_orders.customer_id
    left join customer_payments
        on customers.customer_id = customer_payments.customer_id

)

select * from final
