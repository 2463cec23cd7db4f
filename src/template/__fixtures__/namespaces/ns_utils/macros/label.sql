{% macro label(x) %}{{ return(adapter.dispatch('label', 'ns_utils')(x)) }}{% endmacro %}
{% macro default__label(x) %}'default:' || {{ x }}{% endmacro %}
{% macro postgres__label(x) %}'pg:' || {{ helper_upper(x) }}{% endmacro %}
{% macro cents(column) %}cast({{ column }} / 100.0 as {{ dbt.type_numeric() }}){% endmacro %}
{% macro shout() %}upper({{ greeting() }}){% endmacro %}
