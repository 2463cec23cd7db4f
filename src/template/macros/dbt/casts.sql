{#- Casts and literals: tsmodel's own, rendering what PostgreSQL expects. -#}
{%- macro cast(field, type) -%}{{ return(adapter.dispatch('cast', 'dbt')(field, type)) }}{%- endmacro -%}
{%- macro default__cast(field, type) -%}cast({{ field }} as {{ type }}){%- endmacro -%}

{%- macro safe_cast(field, type) -%}{{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}{%- endmacro -%}
{#- PostgreSQL has no try_cast: a value that does not convert is an error, as with dbt-postgres. -#}
{%- macro default__safe_cast(field, type) -%}cast({{ field }} as {{ type }}){%- endmacro -%}

{%- macro cast_bool_to_text(field) -%}{{ return(adapter.dispatch('cast_bool_to_text', 'dbt')(field)) }}{%- endmacro -%}
{%- macro default__cast_bool_to_text(field) -%}cast({{ field }} as {{ dbt.type_string() }}){%- endmacro -%}

{%- macro escape_single_quotes(expression) -%}
{{ return(adapter.dispatch('escape_single_quotes', 'dbt')(expression)) }}
{%- endmacro -%}
{%- macro default__escape_single_quotes(expression) -%}{{ expression | replace("'", "''") }}{%- endmacro -%}

{%- macro string_literal(value) -%}{{ return(adapter.dispatch('string_literal', 'dbt')(value)) }}{%- endmacro -%}
{%- macro default__string_literal(value) -%}'{{ value }}'{%- endmacro -%}

{%- macro equals(expr1, expr2) -%}{{ return(adapter.dispatch('equals', 'dbt')(expr1, expr2)) }}{%- endmacro -%}
{%- macro default__equals(expr1, expr2) -%}
(({{ expr1 }} = {{ expr2 }}) or ({{ expr1 }} is null and {{ expr2 }} is null))
{%- endmacro -%}
