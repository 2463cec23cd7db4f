{#-
  The parts snapshot_statements (snapshot.sql) is made of; a project that copies that macro can call
  them, or copy and change them too.
-#}
{#- Key equality as plain equalities: PostgreSQL hash-joins it, and an index on the key serves it. The keys
    are never NULL (snapshot_key_check refuses a source with a NULL key). -#}
{% macro snapshot_key_eq(a, b, keys) -%}
{%- for k in keys %}{{ a }}.{{ adapter.quote(k) }} = {{ b }}.{{ adapter.quote(k) }}{% if not loop.last %} and {% endif %}{% endfor -%}
{%- endmacro %}

{#- Null-safe key equality written as plain equalities (kept for projects whose copy of snapshot_statements
    predates snapshot_key_eq). -#}
{% macro snapshot_key_match(a, b, keys) -%}
{%- for k in keys -%}
  {%- set ak = a ~ '.' ~ adapter.quote(k) -%}{%- set bk = b ~ '.' ~ adapter.quote(k) -%}
  ({{ ak }} is null) = ({{ bk }} is null) and coalesce({{ ak }}::text, '') = coalesce({{ bk }}::text, '')
  {%- if not loop.last %} and {% endif -%}
{%- endfor -%}
{%- endmacro %}

{% macro snapshot_is_current(alias, cols) -%}
{%- if cols.is_current %}{{ alias }}.{{ adapter.quote(cols.is_current) }}
{%- else %}{{ alias }}.{{ adapter.quote(cols.valid_to) }} is null{% endif -%}
{%- endmacro %}

{#- The meta column values of a new version starting at `start` (an SQL expression over s). -#}
{% macro snapshot_meta_values(args, start, deleted) -%}
{%- set c = args.cols -%}
{%- if c.scd_id %}md5({% for k in args.unique_key %}coalesce(s.{{ adapter.quote(k) }}::text, '') || '|' || {% endfor -%}
  ({{ start }})::text), {% endif -%}
{%- if c.updated_at -%}
  {%- if args.strategy == 'timestamp' %}s.{{ adapter.quote(args.updated_at) }}::timestamp{% else %}{{ start }}{% endif %}, {% endif -%}
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

{#- The index the comparison, the closing UPDATE and the look-up of a returning key's history use: the key
    and the current flag (dbt's layout: the key and dbt_valid_to, NULL while current). -#}
{% macro snapshot_current_index(args) -%}
{%- set cols = [] -%}{%- for k in args.unique_key %}{% do cols.append(adapter.quote(k)) %}{% endfor -%}
{%- do cols.append(adapter.quote(args.cols.is_current or args.cols.valid_to)) -%}
create index if not exists {{ adapter.quote(args.names.current_index) }} on {{ args.target }} ({{ cols | join(', ') }})
{%- endmacro %}

{#- One scan of `relation` (the source's query in parentheses, or the new table) counting its rows, its
    distinct keys and its NULL keys; a NULL key or a key seen twice is an error (the duplicates are named,
    by a second scan only then), and the snapshot's transaction, so everything it wrote, is rolled back. -#}
{% macro snapshot_key_check(args, relation) -%}
{%- set q = adapter.quote -%}
{%- set keys = [] -%}{%- for k in args.unique_key %}{% do keys.append(q(k)) %}{% endfor -%}
{%- set nulls = [] -%}{%- for k in keys %}{% do nulls.append(k ~ " is null") %}{% endfor -%}
{%- set shown = [] -%}{%- for k in keys %}{% do shown.append("coalesce(" ~ k ~ "::text, 'NULL')") %}{% endfor -%}
{#- One text key is counted by its 64-bit hash (a quicker sort); a collision only costs the naming query,
    which then finds no duplicate. -#}
{%- set distinct = ("hashtextextended(" ~ keys[0] ~ ", 0)" if args.text_key else keys[0])
  if keys | length == 1 else "(" ~ (keys | join(', ')) ~ ")" -%}
{%- set counts = "select count(*), count(distinct " ~ distinct ~ "), count(*) filter (where " ~ (nulls | join(' or ')) ~ ")
    from " ~ relation ~ " as s" -%}
{%- set dups = "select string_agg(k, '; ') from (select " ~ (shown | join(" || ', ' || ")) ~ " as k from " ~ relation ~ " as s
    group by " ~ (keys | join(', ')) ~ " having count(*) > 1 order by 1 limit 5) d" -%}
{#- The count sorts one value per row: in memory up to a few million rows (PostgreSQL's default work_mem, 4MB,
    spills a million to disk), then the session's own setting again. -#}
{%- set key_check_memory = '64MB' -%}
{%- set tag = "$tsmodel$" if "$tsmodel$" not in relation else "$tsmodel_" ~ (relation | length) ~ "$" -%}
{%- set name = args.snapshot_name | replace("'", "''") | replace('%', '%%') -%}
{%- set key_list = args.unique_key | join(', ') | replace("'", "''") | replace('%', '%%') -%}
do {{ tag }} declare tsmodel_rows bigint; tsmodel_keys bigint; tsmodel_nulls bigint; tsmodel_dups text;
  tsmodel_work_mem text := current_setting('work_mem'); begin
  if pg_size_bytes(tsmodel_work_mem) < pg_size_bytes('{{ key_check_memory }}') then
    perform set_config('work_mem', '{{ key_check_memory }}', true);
  end if;
  execute '{{ counts | replace("'", "''") }}' into tsmodel_rows, tsmodel_keys, tsmodel_nulls;
  perform set_config('work_mem', tsmodel_work_mem, true);
  if tsmodel_nulls > 0 then
    raise exception 'snapshot {{ name }}: % rows of the source have a NULL unique_key ({{ key_list }})', tsmodel_nulls
      using errcode = 'not_null_violation',
        hint = 'Nothing was written. Every row needs its key: filter NULL keys out of the snapshot query, or give them a value.';
  end if;
  if tsmodel_keys < tsmodel_rows then
    execute '{{ dups | replace("'", "''") }}' into tsmodel_dups;
  end if;
  if tsmodel_dups is not null then
    raise exception 'snapshot {{ name }}: the source has several rows for one unique_key ({{ key_list }}): %', tsmodel_dups
      using errcode = 'unique_violation', hint = 'Nothing was written. '
        || 'Make the unique_key unique in the snapshot query (deduplicate it, or use more key columns).';
  end if;
end {{ tag }}
{%- endmacro %}

{#- What a change costs the current version: when it changed (strategy), and whether it differs. -#}
{% macro snapshot_change_rule(args) -%}
{%- set q = adapter.quote -%}
{%- if args.strategy == 'timestamp' -%}
  {{ return({'changed': "s." ~ q(args.updated_at) ~ " > t." ~ q(args.updated_at), 'time': "s." ~ q(args.updated_at)}) }}
{%- else -%}
  {%- set tc = [] -%}{%- set sc = [] -%}
  {%- for col in args.check_cols %}{% do tc.append('t.' ~ q(col)) %}{% do sc.append('s.' ~ q(col)) %}{% endfor -%}
  {{ return({'changed': "(" ~ (tc | join(', ')) ~ ") is distinct from (" ~ (sc | join(', ')) ~ ")", 'time': args.run_time}) }}
{%- endif -%}
{%- endmacro %}

{#- The comparison: the source's rows whose key has no current version (new, or back after a delete) or
    whose current version differs, and with hard_deletes, the current versions whose key left the source —
    one join of the source (`source`: its query in parentheses, or the table it was staged in) with the
    current versions on the key, into a temporary table of only those rows. A key already recorded as deleted
    (is_deleted, hard_deletes: new_record) that is still absent is no change. tsmodel_change_time is when a
    change starts and the version it closes ends, no earlier than that version began; NULL for a key without
    a current version (snapshot_history gives it its start). -#}
{% macro snapshot_changes(args, source) -%}
{%- set c = args.cols -%}
{%- set q = adapter.quote -%}
{%- set deletes = args.hard_deletes != 'ignore' -%}
{%- set cols = [] -%}
{%- for col in args.source_columns -%}
  {%- if deletes and col.name in args.unique_key -%}
    {%- do cols.append("coalesce(s." ~ q(col.name) ~ ", t." ~ q(col.name) ~ ") as " ~ q(col.name)) -%}
  {%- else -%}{%- do cols.append("s." ~ q(col.name)) -%}{%- endif -%}
{%- endfor -%}
{%- set rule = snapshot_change_rule(args) -%}
{%- set changed = rule.changed -%}{%- set change_time = rule.time -%}
{%- if c.is_deleted -%}
  {%- set changed = "(" ~ changed ~ " or t." ~ q(c.is_deleted) ~ ")" -%}
  {%- set change_time = "case when t." ~ q(c.is_deleted) ~ " then " ~ args.run_time ~ " else " ~ change_time ~ " end" -%}
{%- endif -%}
{%- set vf = "t." ~ q(c.valid_from) -%}
{%- set absent = "s." ~ q(args.unique_key[0]) ~ " is null" -%}
{%- set present = "s." ~ q(args.unique_key[0]) ~ " is not null" -%}
create temporary table {{ q(args.names.changes) }} on commit drop as
select {{ cols | join(', ') }},
  case {% if deletes %}when {{ absent }} then {{ args.run_time }} {% endif -%}
  when {{ vf }} is not null then greatest(({{ change_time }})::timestamp, {{ vf }}) end as tsmodel_change_time,
  ({{ vf }} is not null) as tsmodel_closes{% if deletes %}, {{ absent }} as tsmodel_gone{% endif %}
from {{ source }} as s
{{ 'full' if deletes else 'left' }} join (select * from {{ args.target }} as t where {{ snapshot_is_current('t', c) }}) as t
  on {{ snapshot_key_eq('t', 's', args.unique_key) }}
where {% if c.is_deleted -%}
  ({{ absent }} and not t.{{ q(c.is_deleted) }}) or ({{ present }} and ({{ vf }} is null or {{ changed }}))
{%- else -%}
  {% if deletes %}({{ absent }}) or {% endif %}{{ vf }} is null or {{ changed }}
{%- endif %}
{%- endmacro %}

{#- When each key without a current version last had one: the end of its last version (none for a key
    never seen), looked up in the index for those keys only. -#}
{% macro snapshot_history(args) -%}
{%- set keys = [] -%}{%- for k in args.unique_key %}{% do keys.append('h.' ~ adapter.quote(k)) %}{% endfor -%}
create temporary table {{ adapter.quote(args.names.history) }} on commit drop as
select {{ keys | join(', ') }}, max(h.{{ adapter.quote(args.cols.valid_to) }}) as tsmodel_last_end
from {{ args.target }} as h join {{ adapter.quote(args.names.changes) }} as s on {{ snapshot_key_eq('h', 's', args.unique_key) }}
where s.tsmodel_change_time is null
group by {{ keys | join(', ') }}
{%- endmacro %}

{#- When a new version starts (over s, the changes, and h, snapshot_history's row of its key): the change's
    time; for a key without a current version, valid_from_initial if it was never seen, else its time but
    no earlier than its last version ended. -#}
{% macro snapshot_start(args) -%}
coalesce(s.tsmodel_change_time, case when h.tsmodel_last_end is null then ({{ args.valid_from_initial }})::timestamp
  else greatest(({{ snapshot_change_rule(args).time }})::timestamp, h.tsmodel_last_end) end)
{%- endmacro %}

{#- Index look-ups priced as reads of memory, for the closing UPDATE: PostgreSQL's default random_page_cost (4)
    prices each of the changed keys' look-ups as a disk read, and so joins 1 % of a million keys by scanning the
    whole table into a hash join (twice the time of the look-ups, measured). The setting goes to at most 1.1 (as
    for SSDs; never raised), and back to the session's own after: on, it is kept in tsmodel.random_page_cost. -#}
{% macro snapshot_index_costs(on) -%}
{%- if on -%}
select set_config('random_page_cost', least(saved::float8, 1.1)::text, true)
  from (select set_config('tsmodel.random_page_cost', current_setting('random_page_cost'), true) as saved) as s
{%- else -%}
select set_config('random_page_cost', current_setting('tsmodel.random_page_cost'), true)
{%- endif -%}
{%- endmacro %}
