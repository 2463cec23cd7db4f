{#- The architecture document names its schemas staging, production and warehouse:
    a custom schema is used as it is, not appended to the target schema (dbt's default). -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
{%- if custom_schema_name is none or custom_schema_name == '' -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
