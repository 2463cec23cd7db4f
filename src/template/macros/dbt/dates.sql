{#- Date and time: tsmodel's own, rendering PostgreSQL's. datediff counts the boundaries crossed, as dbt's does. -#}
{%- macro date_trunc(datepart, date) -%}{{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}{%- endmacro -%}
{%- macro default__date_trunc(datepart, date) -%}date_trunc('{{ datepart }}', {{ date }}){%- endmacro -%}

{%- macro dateadd(datepart, interval, from_date_or_timestamp) -%}
{{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro -%}
{%- macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
{{ from_date_or_timestamp }} + ((interval '{{ dbt._interval_unit(datepart) }}') * ({{ interval }}))
{%- endmacro -%}

{%- macro datediff(first_date, second_date, datepart) -%}
{{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{%- endmacro -%}
{%- macro default__datediff(first_date, second_date, datepart) -%}
{%- set a, b = first_date, second_date -%}
{%- set part = datepart | lower -%}
{%- if part == 'year' -%}
(date_part('year', ({{ b }})::date) - date_part('year', ({{ a }})::date))
{%- elif part == 'quarter' -%}
({{ dbt.datediff(a, b, 'year') }} * 4 + date_part('quarter', ({{ b }})::date) - date_part('quarter', ({{ a }})::date))
{%- elif part == 'month' -%}
({{ dbt.datediff(a, b, 'year') }} * 12 + date_part('month', ({{ b }})::date) - date_part('month', ({{ a }})::date))
{%- elif part == 'day' -%}
(({{ b }})::date - ({{ a }})::date)
{%- elif part == 'week' -%}
{#- weeks start on Sunday; 1970-01-04 was one -#}
(floor((({{ b }})::date - date '1970-01-04') / 7.0) - floor((({{ a }})::date - date '1970-01-04') / 7.0))::bigint
{%- elif part in ('hour', 'minute', 'second', 'millisecond', 'microsecond') -%}
{%- set scale = {'hour': ' / 3600', 'minute': ' / 60', 'second': '', 'millisecond': ' * 1000',
                 'microsecond': ' * 1000000'}[part] -%}
(round(extract(epoch from date_trunc('{{ part }}', ({{ b }})::timestamp)){{ scale }})
 - round(extract(epoch from date_trunc('{{ part }}', ({{ a }})::timestamp)){{ scale }}))::bigint
{%- else -%}
{{ exceptions.raise_compiler_error("Unsupported datepart for macro datediff in postgres: " ~ datepart) }}
{%- endif -%}
{%- endmacro -%}

{#- One datepart as a PostgreSQL interval (which has no quarter). -#}
{%- macro _interval_unit(datepart) -%}
{{ return('3 month' if datepart | lower == 'quarter' else '1 ' ~ datepart) }}
{%- endmacro -%}

{%- macro last_day(date, datepart) -%}{{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}{%- endmacro -%}
{%- macro default__last_day(date, datepart) -%}
cast(date_trunc('{{ datepart }}', {{ date }}) + interval '{{ dbt._interval_unit(datepart) }}' - interval '1 day' as date)
{%- endmacro -%}

{%- macro date(year, month, day) -%}{{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}{%- endmacro -%}
{%- macro default__date(year, month, day) -%}make_date({{ year }}, {{ month }}, {{ day }}){%- endmacro -%}

{%- macro current_timestamp() -%}{{ return(adapter.dispatch('current_timestamp', 'dbt')()) }}{%- endmacro -%}
{%- macro default__current_timestamp() -%}now(){%- endmacro -%}

{%- macro current_timestamp_backcompat() -%}
{{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}
{%- endmacro -%}
{%- macro default__current_timestamp_backcompat() -%}current_timestamp::{{ dbt.type_timestamp() }}{%- endmacro -%}

{%- macro current_timestamp_in_utc_backcompat() -%}
{{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}
{%- endmacro -%}
{%- macro default__current_timestamp_in_utc_backcompat() -%}
(current_timestamp at time zone 'utc')::{{ dbt.type_timestamp() }}
{%- endmacro -%}
