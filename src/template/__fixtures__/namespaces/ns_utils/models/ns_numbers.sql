select n, {{ greeting() }} as greet, {{ dbt.dateadd('day', 'n', "cast('2024-01-01' as date)") }} as day
from generate_series(1, 3) as n
