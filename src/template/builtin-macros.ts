import type { MacroFile } from './renderer.js';

/**
 * tsmodel's own macros, overridable by a project macro of the same name
 * (dbt's convention). generate_schema_name: a model's custom schema is
 * appended to the target schema ("main_staging"); a project that wants the
 * custom schema used as-is overrides this macro (the example project does).
 */
export const BUILTIN_MACROS: readonly MacroFile[] = [
  {
    path: '<builtin>/generate_schema_name.sql',
    builtin: true,
    source: `{% macro generate_schema_name(custom_schema_name, node) -%}
{%- if custom_schema_name is none or custom_schema_name == '' -%}{{ target.schema }}{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}`,
  },
  {
    path: '<builtin>/generate_alias_name.sql',
    builtin: true,
    source: `{% macro generate_alias_name(custom_alias_name, node) -%}
{%- if custom_alias_name is none or custom_alias_name == '' -%}{{ node.name }}{%- else -%}{{ custom_alias_name | trim }}{%- endif -%}
{%- endmacro %}`,
  },
  {
    path: '<builtin>/generate_database_name.sql',
    builtin: true,
    source: `{% macro generate_database_name(custom_database_name, node) -%}
{%- if custom_database_name is none or custom_database_name == '' -%}{{ target.database }}{%- else -%}{{ custom_database_name | trim }}{%- endif -%}
{%- endmacro %}`,
  },
];
