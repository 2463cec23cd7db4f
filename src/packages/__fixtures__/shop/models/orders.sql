select c.day_number, {{ shop_money('c.day_number', 'c.rate_factor') }} as amount, c.currency, r.rate
from {{ ref('shop_utils', 'shop_calendar') }} as c
join {{ ref('shop_rates') }} as r on r.currency = 'EUR'
