{#- Set operators and aggregates: tsmodel's own, rendering PostgreSQL's. -#}
{%- macro except() -%}{{ return(adapter.dispatch('except', 'dbt')()) }}{%- endmacro -%}
{%- macro default__except() -%}except{%- endmacro -%}

{%- macro intersect() -%}{{ return(adapter.dispatch('intersect', 'dbt')()) }}{%- endmacro -%}
{%- macro default__intersect() -%}intersect{%- endmacro -%}

{%- macro bool_or(expression) -%}{{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}{%- endmacro -%}
{%- macro default__bool_or(expression) -%}bool_or({{ expression }}){%- endmacro -%}

{%- macro any_value(expression) -%}{{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}{%- endmacro -%}
{#- PostgreSQL 15 has no any_value(): min() picks one of the group's values. -#}
{%- macro postgres__any_value(expression) -%}min({{ expression }}){%- endmacro -%}
{%- macro default__any_value(expression) -%}any_value({{ expression }}){%- endmacro -%}
