select
  count(*) as e_0,
  count(*) filter (where (email is null)) as f_0,
  count(*) as e_1,
  count(*) filter (where (tier not in ('gold', 'o''neil'))) as f_1,
  count(*) filter (where (age is not null)) as e_2,
  count(*) filter (where (age is not null) and (not (age > 18 and age < 120))) as f_2,
  count(*) as e_3,
  count(*) filter (where (trim(name) = '')) as f_3,
  count(*) as e_4,
  count(*) filter (where (not (cost < price))) as f_4
from "main"."customers"
