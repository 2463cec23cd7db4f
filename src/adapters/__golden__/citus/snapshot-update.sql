-- snapshotted (table)

-- snapshot statement 1
select pg_advisory_xact_lock(hashtext('"main"."dim_customers"'));

-- snapshot statement 2
set local jit = off;

-- snapshot statement 3
create index if not exists "dim_customers_scd_current_idx" on "main"."dim_customers" ("customer_id", "is_current");

-- snapshot statement 4
create temporary table "tsmodel_snap_src_abc123" on commit drop as (
select 'C1' as customer_id, 'Paris' as city
);

-- snapshot statement 5
create temporary table "tsmodel_snap_chg_abc123" on commit drop as
select s."customer_id", s."city",
  case when t."effective_date" is not null then greatest(('2024-12-27T00:00:00.000Z'::timestamp)::timestamp, t."effective_date") end as tsmodel_change_time,
  (t."effective_date" is not null) as tsmodel_closes
from "tsmodel_snap_src_abc123" as s
left join (select * from "main"."dim_customers" as t where t."is_current") as t
  on t."customer_id" = s."customer_id"
where t."effective_date" is null or (t."city") is distinct from (s."city");

-- snapshot statement 6
do $tsmodel$ declare tsmodel_rows bigint; tsmodel_keys bigint; tsmodel_nulls bigint; tsmodel_dups text;
  tsmodel_work_mem text := current_setting('work_mem'); begin
  if pg_size_bytes(tsmodel_work_mem) < pg_size_bytes('64MB') then
    perform set_config('work_mem', '64MB', true);
  end if;
  execute 'select count(*), count(distinct hashtextextended("customer_id", 0)), count(*) filter (where "customer_id" is null)
    from "tsmodel_snap_src_abc123" as s' into tsmodel_rows, tsmodel_keys, tsmodel_nulls;
  perform set_config('work_mem', tsmodel_work_mem, true);
  if tsmodel_nulls > 0 then
    raise exception 'snapshot dim_customers: % rows of the source have a NULL unique_key (customer_id)', tsmodel_nulls
      using errcode = 'not_null_violation',
        hint = 'Nothing was written. Every row needs its key: filter NULL keys out of the snapshot query, or give them a value.';
  end if;
  if tsmodel_keys < tsmodel_rows then
    execute 'select string_agg(k, ''; '') from (select coalesce("customer_id"::text, ''NULL'') as k from "tsmodel_snap_src_abc123" as s
    group by "customer_id" having count(*) > 1 order by 1 limit 5) d' into tsmodel_dups;
  end if;
  if tsmodel_dups is not null then
    raise exception 'snapshot dim_customers: the source has several rows for one unique_key (customer_id): %', tsmodel_dups
      using errcode = 'unique_violation', hint = 'Nothing was written. '
        || 'Make the unique_key unique in the snapshot query (deduplicate it, or use more key columns).';
  end if;
end $tsmodel$;

-- snapshot statement 7
analyze "tsmodel_snap_chg_abc123";

-- snapshot statement 8
create temporary table "tsmodel_snap_hist_abc123" on commit drop as
select h."customer_id", max(h."end_date") as tsmodel_last_end
from "main"."dim_customers" as h join "tsmodel_snap_chg_abc123" as s on h."customer_id" = s."customer_id"
where s.tsmodel_change_time is null
group by h."customer_id";

-- snapshot statement 9
select set_config('random_page_cost', least(saved::float8, 1.1)::text, true)
  from (select set_config('tsmodel.random_page_cost', current_setting('random_page_cost'), true) as saved) as s;

-- snapshot statement 10
update "main"."dim_customers" as t set "end_date" = s.tsmodel_change_time, "is_current" = false
from (select * from "tsmodel_snap_chg_abc123") as s
where s.tsmodel_closes and t."is_current" and t."customer_id" = s."customer_id";

-- snapshot statement 11
select set_config('random_page_cost', current_setting('tsmodel.random_page_cost'), true);

-- snapshot statement 12
insert into "main"."dim_customers" ("customer_id", "city", "effective_date", "end_date", "is_current")
select s."customer_id", s."city", (coalesce(s.tsmodel_change_time, case when h.tsmodel_last_end is null then ('1900-01-01'::timestamp)::timestamp
  else greatest(('2024-12-27T00:00:00.000Z'::timestamp)::timestamp, h.tsmodel_last_end) end))::timestamp, null::timestamp, true
from "tsmodel_snap_chg_abc123" as s left join "tsmodel_snap_hist_abc123" as h on h."customer_id" = s."customer_id" order by s."customer_id";

