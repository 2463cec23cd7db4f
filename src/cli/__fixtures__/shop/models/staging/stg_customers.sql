select *
from (values (10, 'Ada'), (20, 'Bob')) as t(customer_id, name)
