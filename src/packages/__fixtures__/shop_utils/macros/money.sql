{% macro shop_money(column) -%}
  round({{ column }} * {{ var('shop_utils_rate') }}, 2)
{%- endmacro %}
