-- Reconciliation: the fact table's revenue equals the production line items' revenue.
select f.revenue, p.revenue
from (select coalesce(sum(line_total), 0) as revenue from {{ ref('fact_sales') }}) f,
     (select coalesce(sum(line_total), 0) as revenue from {{ ref('prod_transaction_items') }}) p
where f.revenue <> p.revenue
