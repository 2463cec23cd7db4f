import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MacroFile } from './renderer.js';

const MACRO_DIR = fileURLToPath(new URL('./macros/', import.meta.url));

/**
 * Built-in macros written as .sql files (src/template/macros/, copied to
 * dist/ by the build): the snapshot materialization and the as-of helpers;
 * macros/dbt/ holds our implementation of dbt's cross-database library.
 * A project copies one into its macros/ folder to change it.
 */
function fileMacros(dir = ''): MacroFile[] {
  return readdirSync(MACRO_DIR + dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ path: `<builtin>/${dir}${f}`, builtin: true, source: readFileSync(MACRO_DIR + dir + f, 'utf8') }));
}

/**
 * tsmodel's own macros, overridable by a project macro of the same name
 * (dbt's convention). generate_schema_name: a model's custom schema is
 * appended to the target schema ("main_staging"); a project that wants the
 * custom schema used as-is overrides this macro (the example project does).
 */
export const BUILTIN_MACROS: readonly MacroFile[] = [
  ...fileMacros(),
  // dbt's cross-database macro library (date_trunc, dateadd, type_string, …), written for PostgreSQL.
  ...fileMacros('dbt/'),
  {
    path: '<builtin>/generate_schema_name.sql',
    builtin: true,
    source: `{% macro generate_schema_name(custom_schema_name, node) -%}
{%- if custom_schema_name is none or custom_schema_name == '' -%}{{ target.schema }}
{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}
{%- endif -%}
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
{%- if custom_database_name is none or custom_database_name == '' -%}{{ target.database }}
{%- else -%}{{ custom_database_name | trim }}{%- endif -%}
{%- endmacro %}`,
  },
];
