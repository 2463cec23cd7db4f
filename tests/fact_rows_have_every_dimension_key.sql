-- Every fact row points at a date, a customer version, a product version and a payment method.
select item_id from {{ ref('fact_sales') }}
where date_sk is null or customer_sk is null or product_sk is null or payment_method_sk is null
