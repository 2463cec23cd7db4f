-- As-of query: every customer's attributes as they were on a past date
-- (tsmodel show --select customers_as_of --vars '{as_of_date: 2024-06-01}').
select customer_id, first_name, last_name, city, state, effective_date, end_date
from {{ as_of(ref('dim_customers'), "'" ~ var('as_of_date', '2024-06-01') ~ "'") }} as c
order by customer_id
