{% macro shop_money(column, factor) -%}
  round(({{ column }} * {{ factor }})::numeric, 2)
{%- endmacro %}
