{% macro helper_upper(x) %}upper({{ x }}){% endmacro %}
{% macro greeting() %}'hello from ns_utils'{% endmacro %}
{% test is_even(model, column_name) %}select * from {{ model }} where {{ column_name }} % 2 <> 0{% endtest %}
{# Returns a row per model row: only fail_calc (set in the macro, as dbt_utils' tests do) makes it pass. #}
{% test balanced(model, column_name) %}
{{ config(fail_calc='abs(coalesce(sum(delta), 0))') }}
select {{ column_name }} - 2 * n as delta from {{ model }}
{% endtest %}
{# tsmodel has a native not_empty_string without trim_whitespace: given that argument, this one runs. #}
{% test not_empty_string(model, column_name, trim_whitespace=true) %}
select * from {{ model }} where {% if trim_whitespace %}trim({{ column_name }}){% else %}{{ column_name }}{% endif %} = ''
{% endtest %}
{# Named like a native tsmodel test, with an argument the native one lacks: this one runs, counted its way. #}
{% test equal_rowcount(model, compare_model, group_by_columns=[]) %}
{{ config(fail_calc='coalesce(sum(diff), 0)') }}
select abs((select count(*) from {{ model }}) - (select count(*) from {{ compare_model }})) as diff
{% endtest %}
