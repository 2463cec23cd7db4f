-- Reconciliation: one fact row per valid production line item, no more, no less.
select p.item_id, f.item_id as fact_item_id
from {{ ref('prod_transaction_items') }} p
full join {{ ref('fact_sales') }} f on f.item_id = p.item_id
where p.item_id is null or f.item_id is null
