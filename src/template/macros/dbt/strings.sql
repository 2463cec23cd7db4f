{#- String functions: tsmodel's own, rendering PostgreSQL's. -#}
{%- macro concat(fields) -%}{{ return(adapter.dispatch('concat', 'dbt')(fields)) }}{%- endmacro -%}
{%- macro default__concat(fields) -%}{{ fields | join(' || ') }}{%- endmacro -%}

{%- macro hash(field) -%}{{ return(adapter.dispatch('hash', 'dbt')(field)) }}{%- endmacro -%}
{%- macro default__hash(field) -%}md5(cast({{ field }} as {{ dbt.type_string() }})){%- endmacro -%}

{%- macro split_part(string_text, delimiter_text, part_number) -%}
{{ return(adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number)) }}
{%- endmacro -%}
{#- PostgreSQL 14 and later count a negative part from the end, as dbt's macro does everywhere. -#}
{%- macro default__split_part(string_text, delimiter_text, part_number) -%}
split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
{%- endmacro -%}

{%- macro replace(field, old_chars, new_chars) -%}
{{ return(adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars)) }}
{%- endmacro -%}
{%- macro default__replace(field, old_chars, new_chars) -%}
replace({{ field }}, {{ old_chars }}, {{ new_chars }})
{%- endmacro -%}

{%- macro right(string_text, length_expression) -%}
{{ return(adapter.dispatch('right', 'dbt')(string_text, length_expression)) }}
{%- endmacro -%}
{%- macro default__right(string_text, length_expression) -%}
right({{ string_text }}, {{ length_expression }})
{%- endmacro -%}

{%- macro length(expression) -%}{{ return(adapter.dispatch('length', 'dbt')(expression)) }}{%- endmacro -%}
{%- macro default__length(expression) -%}length({{ expression }}){%- endmacro -%}

{%- macro position(substring_text, string_text) -%}
{{ return(adapter.dispatch('position', 'dbt')(substring_text, string_text)) }}
{%- endmacro -%}
{%- macro default__position(substring_text, string_text) -%}
position({{ substring_text }} in {{ string_text }})
{%- endmacro -%}

{%- macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}
{{ return(adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num)) }}
{%- endmacro -%}
{%- macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}
array_to_string((array_agg({{ measure }}
{%- if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], {{ delimiter_text }})
{%- else -%}
string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
{%- endif -%}
{%- endmacro -%}
