select day_number, '{{ var("shop_utils_currency") }}'::text as currency
from generate_series(1, 3) as day_number
