{#- tsmodel's own implementation of dbt's cross-database type macros, as they render on PostgreSQL. -#}
{%- macro type_string() -%}{{ return(adapter.dispatch('type_string', 'dbt')()) }}{%- endmacro -%}
{%- macro default__type_string() -%}{{ return('TEXT') }}{%- endmacro -%}

{%- macro type_timestamp() -%}{{ return(adapter.dispatch('type_timestamp', 'dbt')()) }}{%- endmacro -%}
{%- macro default__type_timestamp() -%}{{ return('TIMESTAMP') }}{%- endmacro -%}

{%- macro type_float() -%}{{ return(adapter.dispatch('type_float', 'dbt')()) }}{%- endmacro -%}
{%- macro default__type_float() -%}{{ return('FLOAT') }}{%- endmacro -%}

{%- macro type_numeric() -%}{{ return(adapter.dispatch('type_numeric', 'dbt')()) }}{%- endmacro -%}
{%- macro default__type_numeric() -%}{{ return('numeric(28,6)') }}{%- endmacro -%}

{%- macro type_bigint() -%}{{ return(adapter.dispatch('type_bigint', 'dbt')()) }}{%- endmacro -%}
{%- macro default__type_bigint() -%}{{ return('bigint') }}{%- endmacro -%}

{%- macro type_int() -%}{{ return(adapter.dispatch('type_int', 'dbt')()) }}{%- endmacro -%}
{%- macro default__type_int() -%}{{ return('INT') }}{%- endmacro -%}

{%- macro type_boolean() -%}{{ return(adapter.dispatch('type_boolean', 'dbt')()) }}{%- endmacro -%}
{%- macro default__type_boolean() -%}{{ return('BOOLEAN') }}{%- endmacro -%}
