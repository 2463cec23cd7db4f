{% macro greeting() %}'hello from ns_shop'{% endmacro %}
{% macro double(x) %}({{ x }} * 2){% endmacro %}
{# Overrides the package's postgres__label through the project's dispatch: config. #}
{% macro default__label(x) %}'root:' || {{ x }}{% endmacro %}
