-- created snapshot (table)

-- snapshot statement 1
select pg_advisory_xact_lock(hashtext('"main"."dim_customers"'));

-- snapshot statement 2
set local jit = off;

-- snapshot statement 3
create table "main"."dim_customers" (
  "customer_sk" bigint generated always as identity primary key,
  "customer_id" text,
  "city" text,
  "effective_date" timestamp not null,
  "end_date" timestamp,
  "is_current" boolean not null
);

-- snapshot statement 4
select create_reference_table('"main"."dim_customers"');

-- snapshot statement 5
insert into "main"."dim_customers" ("customer_id", "city", "effective_date", "end_date", "is_current")
select s."customer_id", s."city", ('1900-01-01'::timestamp)::timestamp, null::timestamp, true
from (
select 'C1' as customer_id, 'Paris' as city
) as s order by s."customer_id";

-- snapshot statement 6
do $tsmodel$ declare tsmodel_rows bigint; tsmodel_keys bigint; tsmodel_nulls bigint; tsmodel_dups text;
  tsmodel_work_mem text := current_setting('work_mem'); begin
  if pg_size_bytes(tsmodel_work_mem) < pg_size_bytes('64MB') then
    perform set_config('work_mem', '64MB', true);
  end if;
  execute 'select count(*), count(distinct hashtextextended("customer_id", 0)), count(*) filter (where "customer_id" is null)
    from "main"."dim_customers" as s' into tsmodel_rows, tsmodel_keys, tsmodel_nulls;
  perform set_config('work_mem', tsmodel_work_mem, true);
  if tsmodel_nulls > 0 then
    raise exception 'snapshot dim_customers: % rows of the source have a NULL unique_key (customer_id)', tsmodel_nulls
      using errcode = 'not_null_violation',
        hint = 'Nothing was written. Every row needs its key: filter NULL keys out of the snapshot query, or give them a value.';
  end if;
  if tsmodel_keys < tsmodel_rows then
    execute 'select string_agg(k, ''; '') from (select coalesce("customer_id"::text, ''NULL'') as k from "main"."dim_customers" as s
    group by "customer_id" having count(*) > 1 order by 1 limit 5) d' into tsmodel_dups;
  end if;
  if tsmodel_dups is not null then
    raise exception 'snapshot dim_customers: the source has several rows for one unique_key (customer_id): %', tsmodel_dups
      using errcode = 'unique_violation', hint = 'Nothing was written. '
        || 'Make the unique_key unique in the snapshot query (deduplicate it, or use more key columns).';
  end if;
end $tsmodel$;

-- snapshot statement 7
create index if not exists "dim_customers_scd_current_idx" on "main"."dim_customers" ("customer_id", "is_current");

-- index on (customer_id)
create index "dim_customers_customer_id_idx" on "main"."dim_customers" ("customer_id");

