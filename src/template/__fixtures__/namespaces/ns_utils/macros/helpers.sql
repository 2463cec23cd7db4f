{% macro helper_upper(x) %}upper({{ x }}){% endmacro %}
{% macro greeting() %}'hello from ns_utils'{% endmacro %}
{% test is_even(model, column_name) %}select * from {{ model }} where {{ column_name }} % 2 <> 0{% endtest %}
{# Returns a row per model row: only fail_calc (set in the macro, as dbt_utils' tests do) makes it pass. #}
{% test balanced(model, column_name) %}
{{ config(fail_calc='abs(coalesce(sum(delta), 0))') }}
select {{ column_name }} - 2 * n as delta from {{ model }}
{% endtest %}
