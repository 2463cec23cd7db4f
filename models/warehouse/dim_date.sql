{{ config(reference=true) }}
{#- A date spine over whole years covering every transaction; date_sk is yyyymmdd. -#}
with bounds as (
  select date_trunc('year', min(transaction_date)) as lo,
         date_trunc('year', max(transaction_date)) + interval '1 year - 1 day' as hi
  from {{ ref('prod_transactions') }}
),
days as (
  select generate_series(lo, hi, interval '1 day')::date as d from bounds
)
select
  to_char(d, 'YYYYMMDD')::int as date_sk,
  d as date,
  extract(year from d)::int as year,
  extract(quarter from d)::int as quarter,
  extract(month from d)::int as month,
  to_char(d, 'FMMonth') as month_name,
  to_char(d, 'YYYY-MM') as year_month,
  extract(week from d)::int as week_of_year,
  extract(day from d)::int as day_of_month,
  extract(isodow from d)::int as day_of_week,
  to_char(d, 'FMDay') as day_name,
  extract(isodow from d) in (6, 7) as is_weekend
from days
