select
  n.n,
  n.greet,
  {{ ns_utils.label("'x'") }} as label,
  {{ ns_utils.cents('n.n * 150') }} as amount,
  {{ ns_shop.double('n.n') }} as doubled,
  {{ ns_utils.shout() }} as shout,
  {{ dbt.datediff("cast('2024-01-01' as date)", 'n.day', 'day') }} as days,
  {{ dbt.concat(["'" ~ model.package_name ~ "'", "'/'", "'" ~ project_name ~ "'"]) }} as where_from
from {{ ref('ns_utils', 'ns_numbers') }} as n
