/**
 * Macros every test uses. get_where_subquery is dbt's: the tested relation,
 * filtered by the test's `where` config. The evaluated-rows macros render the
 * query counting the rows a test looked at.
 */
export const SUPPORT_MACROS = `{% macro get_where_subquery(relation) -%}
{%- set where = config.get('where') -%}
{%- if where -%}
{{ return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') }}
{%- else -%}
{{ return(relation) }}
{%- endif -%}
{%- endmacro %}

{% macro tsmodel_evaluated_rows(model) -%}
{#- called with all the test's arguments; using kwargs makes the macro accept them (Jinja rule) -#}
{%- do kwargs -%}
select count(*) from {{ model }}
{%- endmacro %}

{% macro tsmodel_evaluated_one_table(model) -%}
{%- do kwargs -%}
select 1
{%- endmacro %}
`;
