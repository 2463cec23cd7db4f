{#- Series and spines: tsmodel's own; PostgreSQL generates series natively. -#}
{%- macro get_powers_of_two(upper_bound) -%}
{{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}
{%- endmacro -%}
{%- macro default__get_powers_of_two(upper_bound) -%}
{%- if upper_bound <= 0 -%}{{ exceptions.raise_compiler_error("upper bound must be positive") }}{%- endif -%}
{%- set state = namespace(n=0) -%}
{%- for _ in range(64) -%}{%- if 2 ** state.n < upper_bound -%}{%- set state.n = state.n + 1 -%}{%- endif -%}{%- endfor -%}
{{ return(state.n) }}
{%- endmacro -%}

{%- macro generate_series(upper_bound) -%}
{{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}
{%- endmacro -%}
{%- macro default__generate_series(upper_bound) -%}
select generated_number from generate_series(1, {{ upper_bound }}) as series(generated_number)
{%- endmacro -%}

{#- The number of datepart intervals between two dates; run in the database, so 1 while parsing. -#}
{%- macro get_intervals_between(start_date, end_date, datepart) -%}
{{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}
{%- endmacro -%}
{%- macro default__get_intervals_between(start_date, end_date, datepart) -%}
{%- if not execute -%}{{ return(1) }}{%- endif -%}
{%- set result = run_query('select ' ~ dbt.datediff(start_date, end_date, datepart)) -%}
{{ return(result.columns[0].values()[0] | int) }}
{%- endmacro -%}

{#- One row per datepart from start_date (included) to end_date (excluded), in a column date_<datepart>. -#}
{%- macro date_spine(datepart, start_date, end_date) -%}
{{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}
{%- endmacro -%}
{%- macro default__date_spine(datepart, start_date, end_date) -%}
select spine.date_{{ datepart }}
from generate_series(
  ({{ start_date }})::timestamp, ({{ end_date }})::timestamp, interval '1 {{ datepart }}'
) as spine(date_{{ datepart }})
where spine.date_{{ datepart }} < ({{ end_date }})::timestamp
{%- endmacro -%}
