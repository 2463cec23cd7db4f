{#-
  tsmodel's SCD Type 2 snapshot, as a macro a project can copy into its own
  macros/ folder and change (a project macro of the same name wins).

  snapshot_statements(args) returns the list of SQL statements that take one
  snapshot; tsmodel runs them in one transaction. `args` holds:
    target            the quoted relation ("schema"."name")
    source_sql        the snapshot's query
    exists            whether the table exists yet
    source_columns    [{name, type}] of the query
    target_columns    names of the existing table's columns
    unique_key        list of key columns
    strategy          'timestamp' (changed when updated_at grows) or 'check' (when check_cols differ)
    updated_at        the timestamp column (timestamp strategy)
    check_cols        list of columns compared (check strategy)
    hard_deletes      'ignore' | 'invalidate' | 'new_record'
    cols              meta column names: sk, scd_id, updated_at, valid_from, valid_to, is_current, is_deleted
                      (a name is none when the style has no such column)
    run_time          the run's time, as a SQL timestamp literal
    valid_from_initial  SQL expression over s: when the first version of a key starts, in the
                      table's first snapshot and for a key first seen in a later run alike
    names             temporary table names: src, changes, gone
    snapshot_name     for messages
    distribute        statements to run right after the table is created (the target's dialect:
                      none on PostgreSQL; on Citus, create_reference_table / create_distributed_table)
    update_from       how an UPDATE … FROM names the staged tables changes and gone (the quoted
                      name on PostgreSQL; a subquery on Citus)
-#}
{#- Null-safe key equality written as plain equalities, so PostgreSQL can hash-join it
    (IS NOT DISTINCT FROM can only be a nested loop: quadratic on a big snapshot). -#}
{% macro snapshot_key_match(a, b, keys) -%}
{%- for k in keys %}
{%- set ak = a ~ '.' ~ adapter.quote(k) %}{% set bk = b ~ '.' ~ adapter.quote(k) -%}
({{ ak }} is null) = ({{ bk }} is null) and coalesce({{ ak }}::text, '') = coalesce({{ bk }}::text, '')
{%- if not loop.last %} and {% endif %}{% endfor -%}
{%- endmacro %}

{% macro snapshot_is_current(alias, cols) -%}
{%- if cols.is_current %}{{ alias }}.{{ adapter.quote(cols.is_current) }}
{%- else %}{{ alias }}.{{ adapter.quote(cols.valid_to) }} is null{% endif -%}
{%- endmacro %}

{#- The meta column values of a new version starting at `start` (an SQL expression over s). -#}
{% macro snapshot_meta_values(args, start, deleted) -%}
{%- set c = args.cols -%}
{%- if c.scd_id %}md5(
{%- for k in args.unique_key %}coalesce(s.{{ adapter.quote(k) }}::text, '') || '|' || {% endfor -%}
({{ start }})::text), {% endif -%}
{%- if c.updated_at %}
{%- if args.strategy == 'timestamp' %}s.{{ adapter.quote(args.updated_at) }}::timestamp
{%- else %}{{ start }}{% endif %}, {% endif -%}
({{ start }})::timestamp, null::timestamp
{%- if c.is_current %}, true{% endif -%}
{%- if c.is_deleted %}, {{ 'true' if deleted else 'false' }}{% endif -%}
{%- endmacro %}

{% macro snapshot_meta_names(cols) -%}
{%- if cols.scd_id %}{{ adapter.quote(cols.scd_id) }}, {% endif -%}
{%- if cols.updated_at %}{{ adapter.quote(cols.updated_at) }}, {% endif -%}
{{ adapter.quote(cols.valid_from) }}, {{ adapter.quote(cols.valid_to) }}
{%- if cols.is_current %}, {{ adapter.quote(cols.is_current) }}{% endif -%}
{%- if cols.is_deleted %}, {{ adapter.quote(cols.is_deleted) }}{% endif -%}
{%- endmacro %}

{% macro snapshot_statements(args) -%}
{%- set c = args.cols -%}
{%- set t = args.target -%}
{%- set q = adapter.quote -%}
{%- set names = [] -%}{%- for col in args.source_columns %}{% do names.append(q(col.name)) %}{% endfor -%}
{%- set src_cols = names | join(', ') -%}
{%- set s_cols = [] -%}{%- for col in args.source_columns %}{% do s_cols.append('s.' ~ q(col.name)) %}{% endfor -%}
{%- set keys = [] -%}{%- for k in args.unique_key %}{% do keys.append(q(k)) %}{% endfor -%}
{#- Inserts go in key order, so surrogate keys are the same on every engine and every run. -#}
{%- set s_keys = [] -%}{%- for k in args.unique_key %}{% do s_keys.append('s.' ~ q(k)) %}{% endfor -%}
{%- set stmts = [] -%}
{% do stmts.append("select pg_advisory_xact_lock(hashtext(" ~ ("'" ~ t | replace("'", "''") ~ "'") ~ "))") %}
{% do stmts.append("create temporary table " ~ q(args.names.src) ~ " on commit drop as (\n" ~ args.source_sql ~ "\n)") %}
{%- set dup_keys = [] -%}{%- for k in args.unique_key %}{% do dup_keys.append("coalesce(" ~ q(k) ~ "::text, 'NULL')") %}{% endfor %}
{% do stmts.append("do $tsmodel$ declare dups text; begin
  select string_agg(k, '; ') into dups from (
    select " ~ (dup_keys | join(" || ', ' || ")) ~ " as k from " ~ q(args.names.src) ~ "
    group by " ~ (keys | join(', ')) ~ " having count(*) > 1 order by 1 limit 5) d;
  if dups is not null then
    raise exception 'snapshot " ~ args.snapshot_name
      ~ ": the source has several rows for one unique_key (" ~ (args.unique_key | join(', ')) ~ "): %', dups
      using errcode = 'unique_violation', hint = 'Nothing was written. Make the unique_key unique in the snapshot "
      ~ "query (deduplicate it, or use more key columns).';
  end if;
end $tsmodel$") %}
{%- if not args.exists %}
  {%- set defs = [] -%}
  {%- if c.sk %}{% do defs.append(q(c.sk) ~ " bigint generated always as identity primary key") %}{% endif -%}
  {%- for col in args.source_columns %}{% do defs.append(q(col.name) ~ " " ~ col.type) %}{% endfor -%}
  {%- if c.scd_id %}{% do defs.append(q(c.scd_id) ~ " text") %}{% endif -%}
  {%- if c.updated_at %}{% do defs.append(q(c.updated_at) ~ " timestamp") %}{% endif -%}
  {%- do defs.append(q(c.valid_from) ~ " timestamp not null") -%}
  {%- do defs.append(q(c.valid_to) ~ " timestamp") -%}
  {%- if c.is_current %}{% do defs.append(q(c.is_current) ~ " boolean not null") %}{% endif -%}
  {%- if c.is_deleted %}{% do defs.append(q(c.is_deleted) ~ " boolean not null default false") %}{% endif -%}
  {% do stmts.append("create table " ~ t ~ " (\n  " ~ (defs | join(",\n  ")) ~ "\n)") %}
  {%- for s in (args.distribute or []) %}{% do stmts.append(s) %}{% endfor %}
  {% do stmts.append("insert into " ~ t ~ " (" ~ src_cols ~ ", " ~ snapshot_meta_names(c) ~ ")\nselect "
    ~ (s_cols | join(', ')) ~ ", " ~ snapshot_meta_values(args, args.valid_from_initial, false)
    ~ "\nfrom " ~ q(args.names.src) ~ " as s order by " ~ (s_keys | join(', '))) %}
{%- else %}
  {%- for col in args.source_columns %}{% if not (col.name in args.target_columns) %}
    {% do stmts.append("alter table " ~ t ~ " add column " ~ q(col.name) ~ " " ~ col.type) %}
  {% endif %}{% endfor -%}
  {%- if args.strategy == 'timestamp' -%}
    {%- set changed = "s." ~ q(args.updated_at) ~ " > t." ~ q(args.updated_at) -%}
    {%- set change_time = "s." ~ q(args.updated_at) -%}
  {%- else -%}
    {%- set tc = [] -%}{%- set sc = [] -%}
    {%- for col in args.check_cols %}{% do tc.append('t.' ~ q(col)) %}{% do sc.append('s.' ~ q(col)) %}{% endfor -%}
    {%- set changed = "(" ~ (tc | join(', ')) ~ ") is distinct from (" ~ (sc | join(', ')) ~ ")" -%}
    {%- set change_time = args.run_time -%}
  {%- endif -%}
  {%- if c.is_deleted %}
    {%- set changed = "(" ~ changed ~ " or t." ~ q(c.is_deleted) ~ ")" %}
    {%- set change_time = "case when t." ~ q(c.is_deleted) ~ " then " ~ args.run_time
      ~ " else " ~ change_time ~ " end" %}
  {%- endif %}
  {#- A key never seen before starts at valid_from_initial, like the keys of the first snapshot (with the
      default 1900-01-01, a fact older than the key's first snapshot still finds it); a key seen before
      (closed or deleted) starts again no earlier than its last version ended. -#}
  {% do stmts.append("create temporary table " ~ q(args.names.changes) ~ " on commit drop as
select s.*, case when t." ~ q(c.valid_from) ~ " is null and h.tsmodel_last_end is null then (" ~ args.valid_from_initial ~ ")::timestamp
  else greatest((" ~ change_time ~ ")::timestamp, h.tsmodel_last_end) end as tsmodel_change_time,
  (t." ~ q(c.valid_from) ~ " is not null) as tsmodel_closes
from " ~ q(args.names.src) ~ " as s
left join " ~ t ~ " as t on " ~ snapshot_is_current('t', c) ~ " and " ~ snapshot_key_match('t', 's', args.unique_key) ~ "
left join (select " ~ (keys | join(', ')) ~ ", max(" ~ q(c.valid_to) ~ ") as tsmodel_last_end from " ~ t
  ~ " where " ~ q(c.valid_to) ~ " is not null group by " ~ (keys | join(', ')) ~ ") as h on "
  ~ snapshot_key_match('h', 's', args.unique_key) ~ "
where t." ~ q(c.valid_from) ~ " is null or " ~ changed) %}
  {% do stmts.append("update " ~ t ~ " as t set " ~ q(c.valid_to) ~ " = s.tsmodel_change_time"
    ~ (", " ~ q(c.is_current) ~ " = false" if c.is_current else "") ~ "
from " ~ (args.update_from.changes if args.update_from else q(args.names.changes)) ~ " as s
where s.tsmodel_closes and " ~ snapshot_is_current('t', c) ~ " and " ~ snapshot_key_match('t', 's', args.unique_key)) %}
  {% do stmts.append("insert into " ~ t ~ " (" ~ src_cols ~ ", " ~ snapshot_meta_names(c) ~ ")
select " ~ (s_cols | join(', ')) ~ ", " ~ snapshot_meta_values(args, "s.tsmodel_change_time", false) ~ "
from " ~ q(args.names.changes) ~ " as s order by " ~ (s_keys | join(', '))) %}
  {%- if args.hard_deletes != 'ignore' %}
    {% do stmts.append("create temporary table " ~ q(args.names.gone) ~ " on commit drop as
select t.* from " ~ t ~ " as t
where " ~ snapshot_is_current('t', c) ~ ((" and not t." ~ q(c.is_deleted)) if c.is_deleted else "") ~ "
  and not exists (select 1 from " ~ q(args.names.src) ~ " as s where " ~ snapshot_key_match('t', 's', args.unique_key) ~ ")") %}
    {% do stmts.append("update " ~ t ~ " as t set " ~ q(c.valid_to) ~ " = " ~ args.run_time
      ~ (", " ~ q(c.is_current) ~ " = false" if c.is_current else "") ~ "
from " ~ (args.update_from.gone if args.update_from else q(args.names.gone)) ~ " as s
where " ~ snapshot_is_current('t', c) ~ " and " ~ snapshot_key_match('t', 's', args.unique_key)) %}
    {%- if args.hard_deletes == 'new_record' %}
      {% do stmts.append("insert into " ~ t ~ " (" ~ src_cols ~ ", " ~ snapshot_meta_names(c) ~ ")
select " ~ (s_cols | join(', ')) ~ ", " ~ snapshot_meta_values(args, args.run_time, true) ~ "
from " ~ q(args.names.gone) ~ " as s order by " ~ (s_keys | join(', '))) %}
    {%- endif %}
  {%- endif %}
{%- endif %}
{{ return(stmts) }}
{%- endmacro %}

{#- The versions of an SCD2 relation valid at a moment: select * from {{ as_of(ref('dim_customers'), "'2024-06-01'") }} -#}
{% macro as_of(relation, at, valid_from='effective_date', valid_to='end_date') -%}
{%- set vf = adapter.quote(valid_from) %}{% set vt = adapter.quote(valid_to) -%}
(select * from {{ relation }} where {{ vf }} <= ({{ at }})::timestamp and ({{ vt }} is null or ({{ at }})::timestamp < {{ vt }}))
{%- endmacro %}

{#- The join condition picking the dimension version valid at a fact's own time:
    join {{ ref('dim_customers') }} d on {{ as_of_join('d', 'customer_id', 'f.customer_id', 'f.transaction_date') }} -#}
{% macro as_of_join(dim_alias, dim_key, fact_key, at, valid_from='effective_date', valid_to='end_date') -%}
{%- set key = dim_alias ~ '.' ~ adapter.quote(dim_key) %}{% set vf = dim_alias ~ '.' ~ adapter.quote(valid_from) -%}
{%- set vt = dim_alias ~ '.' ~ adapter.quote(valid_to) -%}
{{ key }} = {{ fact_key }} and {{ vf }} <= ({{ at }})::timestamp and ({{ vt }} is null or ({{ at }})::timestamp < {{ vt }})
{%- endmacro %}
