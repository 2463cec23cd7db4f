{% macro greeting() %}'hello from ns_shop'{% endmacro %}
{% macro double(x) %}({{ x }} * 2){% endmacro %}
{# Overrides the package's postgres__label through the project's dispatch: config. #}
{% macro default__label(x) %}'root:' || {{ x }}{% endmacro %}
{# Never used by `ns_utils.is_even` in YAML: a namespaced test is the package's. #}
{% test is_even(model, column_name) %}select 1 as always_fails{% endtest %}
