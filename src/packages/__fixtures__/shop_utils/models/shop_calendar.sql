-- shop_utils_rate is the package's own var; shop_utils_currency is overridden by the project using the package.
select day_number, '{{ var("shop_utils_currency") }}'::text as currency, {{ var('shop_utils_rate') }} as rate_factor
from generate_series(1, 3) as day_number
