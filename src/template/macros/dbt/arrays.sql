{#- Arrays: tsmodel's own, rendering PostgreSQL's. -#}
{%- macro array_construct(inputs=[], data_type=none) -%}
{{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type or dbt.type_string())) }}
{%- endmacro -%}
{%- macro default__array_construct(inputs, data_type) -%}
{%- if inputs | length > 0 -%}array[ {{ inputs | join(' , ') }} ]{%- else -%}array[]::{{ data_type }}[]{%- endif -%}
{%- endmacro -%}

{%- macro array_append(array, new_element) -%}
{{ return(adapter.dispatch('array_append', 'dbt')(array, new_element)) }}
{%- endmacro -%}
{%- macro default__array_append(array, new_element) -%}array_append({{ array }}, {{ new_element }}){%- endmacro -%}

{%- macro array_concat(array_1, array_2) -%}
{{ return(adapter.dispatch('array_concat', 'dbt')(array_1, array_2)) }}
{%- endmacro -%}
{%- macro default__array_concat(array_1, array_2) -%}array_cat({{ array_1 }}, {{ array_2 }}){%- endmacro -%}
