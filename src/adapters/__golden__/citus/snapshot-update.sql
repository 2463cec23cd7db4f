-- snapshotted (table)

-- snapshot statement 1
select pg_advisory_xact_lock(hashtext('"main"."dim_customers"'));

-- snapshot statement 2
create temporary table "tsmodel_snap_src_abc123" on commit drop as (
select 'C1' as customer_id, 'Paris' as city
);

-- snapshot statement 3
do $tsmodel$ declare dups text; begin
  select string_agg(k, '; ') into dups from (
    select coalesce("customer_id"::text, 'NULL') as k from "tsmodel_snap_src_abc123"
    group by "customer_id" having count(*) > 1 order by 1 limit 5) d;
  if dups is not null then
    raise exception 'snapshot dim_customers: the source has several rows for one unique_key (customer_id): %', dups
      using errcode = 'unique_violation', hint = 'Nothing was written. Make the unique_key unique in the snapshot query (deduplicate it, or use more key columns).';
  end if;
end $tsmodel$;

-- snapshot statement 4
create temporary table "tsmodel_snap_chg_abc123" on commit drop as
select s.*, case when t."effective_date" is null and h.tsmodel_last_end is null then ('1900-01-01'::timestamp)::timestamp
  else greatest(('2024-12-27T00:00:00.000Z'::timestamp)::timestamp, h.tsmodel_last_end) end as tsmodel_change_time,
  (t."effective_date" is not null) as tsmodel_closes
from "tsmodel_snap_src_abc123" as s
left join "main"."dim_customers" as t on t."is_current" and (t."customer_id" is null) = (s."customer_id" is null) and coalesce(t."customer_id"::text, '') = coalesce(s."customer_id"::text, '')
left join (select "customer_id", max("end_date") as tsmodel_last_end from "main"."dim_customers" where "end_date" is not null group by "customer_id") as h on (h."customer_id" is null) = (s."customer_id" is null) and coalesce(h."customer_id"::text, '') = coalesce(s."customer_id"::text, '')
where t."effective_date" is null or (t."city") is distinct from (s."city");

-- snapshot statement 5
update "main"."dim_customers" as t set "end_date" = s.tsmodel_change_time, "is_current" = false
from (select * from "tsmodel_snap_chg_abc123") as s
where s.tsmodel_closes and t."is_current" and (t."customer_id" is null) = (s."customer_id" is null) and coalesce(t."customer_id"::text, '') = coalesce(s."customer_id"::text, '');

-- snapshot statement 6
insert into "main"."dim_customers" ("customer_id", "city", "effective_date", "end_date", "is_current")
select s."customer_id", s."city", (s.tsmodel_change_time)::timestamp, null::timestamp, true
from "tsmodel_snap_chg_abc123" as s order by s."customer_id";

