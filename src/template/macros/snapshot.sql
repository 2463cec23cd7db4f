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
    text_key          whether the key is one column of a text type
    strategy          'timestamp' (changed when updated_at grows) or 'check' (when check_cols differ)
    updated_at        the timestamp column (timestamp strategy)
    check_cols        list of columns compared (check strategy)
    hard_deletes      'ignore' | 'invalidate' | 'new_record'
    cols              meta column names: sk, scd_id, updated_at, valid_from, valid_to, is_current, is_deleted
                      (a name is none when the style has no such column)
    run_time          the run's time, as a SQL timestamp literal
    valid_from_initial  SQL expression over s: when the first version of a key starts, in the
                      table's first snapshot and for a key first seen in a later run alike
    names             temporary table names: changes, history, gone, src (where the source is staged when
                      stage_source); current_index: the index on the key and the current flag
    stage_source      whether to copy the source into a temporary table first (the dialect's choice: Citus,
                      whose joins of distributed tables with a query are limited; PostgreSQL reads it in place)
    snapshot_name     for messages
    distribute        statements to run right after the table is created (the target's dialect:
                      none on PostgreSQL; on Citus, create_reference_table / create_distributed_table)
    update_from       how an UPDATE … FROM names the temporary tables changes and gone (the quoted
                      name on PostgreSQL; a subquery on Citus)
  The parts it calls (snapshot_changes, snapshot_key_check, …) are in snapshot_parts.sql.
-#}
{% macro snapshot_statements(args) -%}
{%- set c = args.cols -%}
{%- set t = args.target -%}
{%- set q = adapter.quote -%}
{%- set names = [] -%}{%- for col in args.source_columns %}{% do names.append(q(col.name)) %}{% endfor -%}
{%- set src_cols = names | join(', ') -%}
{%- set s_cols = [] -%}{%- for col in args.source_columns %}{% do s_cols.append('s.' ~ q(col.name)) %}{% endfor -%}
{#- Inserts go in key order, so surrogate keys are the same on every engine and every run. -#}
{%- set s_keys = [] -%}{%- for k in args.unique_key %}{% do s_keys.append('s.' ~ q(k)) %}{% endfor -%}
{%- set stmts = [] -%}
{% do stmts.append("select pg_advisory_xact_lock(hashtext(" ~ ("'" ~ t | replace("'", "''") ~ "'") ~ "))") %}
{#- JIT compiling these statements costs more than it saves (seconds on a big snapshot). -#}
{% do stmts.append("set local jit = off") %}
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
    ~ "\nfrom (\n" ~ args.source_sql ~ "\n) as s order by " ~ (s_keys | join(', '))) %}
  {#- The keys are checked on the new table: the query runs once. -#}
  {% do stmts.append(snapshot_key_check(args, t)) %}
  {% do stmts.append(snapshot_current_index(args)) %}
{%- else %}
  {%- for col in args.source_columns %}{% if not (col.name in args.target_columns) %}
    {% do stmts.append("alter table " ~ t ~ " add column " ~ q(col.name) ~ " " ~ col.type) %}
  {% endif %}{% endfor -%}
  {#- A table made by an older tsmodel may lack the index: made once, here. -#}
  {% do stmts.append(snapshot_current_index(args)) %}
  {%- set source = "(\n" ~ args.source_sql ~ "\n)" -%}
  {%- if args.stage_source %}
    {% do stmts.append("create temporary table " ~ q(args.names.src) ~ " on commit drop as " ~ source) %}
    {%- set source = q(args.names.src) -%}
  {%- endif %}
  {% do stmts.append(snapshot_changes(args, source)) %}
  {% do stmts.append(snapshot_key_check(args, source)) %}
  {#- Exact statistics of the (usually small) changes: the statements below look each key up in the index, and
      find nothing to do without reading the table when nothing changed. -#}
  {% do stmts.append("analyze " ~ q(args.names.changes)) %}
  {% do stmts.append(snapshot_history(args)) %}
  {%- set deletes = args.hard_deletes != 'ignore' -%}
  {%- if args.hard_deletes == 'new_record' %}
    {% do stmts.append("create temporary table " ~ q(args.names.gone) ~ " on commit drop as
select t.* from " ~ t ~ " as t join " ~ q(args.names.changes) ~ " as s on " ~ snapshot_key_eq('t', 's', args.unique_key) ~ "
where s.tsmodel_gone and " ~ snapshot_is_current('t', c)) %}
  {%- endif %}
  {#- The closing UPDATE looks each changed key up in the index on the key and current flag, priced as the hot
      index it is (snapshot_index_costs) for this statement only. -#}
  {% do stmts.append(snapshot_index_costs(true)) %}
  {% do stmts.append("update " ~ t ~ " as t set " ~ q(c.valid_to) ~ " = s.tsmodel_change_time"
    ~ (", " ~ q(c.is_current) ~ " = false" if c.is_current else "") ~ "
from " ~ (args.update_from.changes if args.update_from else q(args.names.changes)) ~ " as s
where s.tsmodel_closes and " ~ snapshot_is_current('t', c) ~ " and " ~ snapshot_key_eq('t', 's', args.unique_key)) %}
  {% do stmts.append(snapshot_index_costs(false)) %}
  {% do stmts.append("insert into " ~ t ~ " (" ~ src_cols ~ ", " ~ snapshot_meta_names(c) ~ ")
select " ~ (s_cols | join(', ')) ~ ", " ~ snapshot_meta_values(args, snapshot_start(args), false) ~ "
from " ~ q(args.names.changes) ~ " as s left join " ~ q(args.names.history) ~ " as h on "
    ~ snapshot_key_eq('h', 's', args.unique_key) ~ (" where not s.tsmodel_gone" if deletes else "")
    ~ " order by " ~ (s_keys | join(', '))) %}
  {%- if args.hard_deletes == 'new_record' %}
    {% do stmts.append("insert into " ~ t ~ " (" ~ src_cols ~ ", " ~ snapshot_meta_names(c) ~ ")
select " ~ (s_cols | join(', ')) ~ ", " ~ snapshot_meta_values(args, args.run_time, true) ~ "
from " ~ q(args.names.gone) ~ " as s order by " ~ (s_keys | join(', '))) %}
  {%- endif %}
{%- endif %}
{{ return(stmts) }}
{%- endmacro %}

{#- The versions of an SCD2 relation valid at a moment: select * from {{ as_of(ref('dim_customers'), "'2024-06-01'") }} -#}
{% macro as_of(relation, at, valid_from='effective_date', valid_to='end_date') -%}
{%- set vf = adapter.quote(valid_from) -%}{%- set vt = adapter.quote(valid_to) -%}
{%- set t = '(' ~ at ~ ')::timestamp' -%}
(select * from {{ relation }} where {{ vf }} <= {{ t }} and ({{ vt }} is null or {{ t }} < {{ vt }}))
{%- endmacro %}

{#- The join condition picking the dimension version valid at a fact's own time:
    join {{ ref('dim_customers') }} d on {{ as_of_join('d', 'customer_id', 'f.customer_id', 'f.transaction_date') }} -#}
{% macro as_of_join(dim_alias, dim_key, fact_key, at, valid_from='effective_date', valid_to='end_date') -%}
{%- set d = dim_alias ~ '.' -%}{%- set vf = d ~ adapter.quote(valid_from) -%}{%- set vt = d ~ adapter.quote(valid_to) -%}
{%- set t = '(' ~ at ~ ')::timestamp' -%}
{{ d }}{{ adapter.quote(dim_key) }} = {{ fact_key }} and {{ vf }} <= {{ t }} and ({{ vt }} is null or {{ t }} < {{ vt }})
{%- endmacro %}
