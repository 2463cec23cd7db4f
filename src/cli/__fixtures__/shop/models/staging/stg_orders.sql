select *
from (values (1, 10, 100.0), (2, 10, 50.0), (3, 20, 25.5)) as t(order_id, customer_id, amount)
