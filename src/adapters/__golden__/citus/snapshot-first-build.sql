-- created snapshot (table)

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
create table "main"."dim_customers" (
  "customer_sk" bigint generated always as identity primary key,
  "customer_id" text,
  "city" text,
  "effective_date" timestamp not null,
  "end_date" timestamp,
  "is_current" boolean not null
);

-- snapshot statement 5
select create_reference_table('"main"."dim_customers"');

-- snapshot statement 6
insert into "main"."dim_customers" ("customer_id", "city", "effective_date", "end_date", "is_current")
select s."customer_id", s."city", ('1900-01-01'::timestamp)::timestamp, null::timestamp, true
from "tsmodel_snap_src_abc123" as s order by s."customer_id";

-- index on (customer_id)
create index "dim_customers_customer_id_idx" on "main"."dim_customers" ("customer_id");

