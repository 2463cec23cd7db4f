{#-
  create_latest_version_view(): for a versioned model, a view under the model's plain name over
  its latest version (dbt's documented pattern, run as a post-hook):
    models: {my_project: {+post-hook: "{{ create_latest_version_view() }}"}}
  For any other node, or a version that is not the latest, it renders nothing. The view is dropped and
  created (a new latest version may have other columns); a view of yours built on it makes the drop
  fail with PostgreSQL's message rather than vanish.
-#}
{% macro create_latest_version_view() -%}
  {%- if model.version is not none and model.version | string == model.latest_version | string -%}
    {%- set plain = '"' ~ (this.schema | replace('"', '""')) ~ '"."' ~ (model.name | replace('"', '""')) ~ '"' -%}
    drop view if exists {{ plain }}; create view {{ plain }} as select * from {{ this }}
  {%- endif -%}
{%- endmacro %}
