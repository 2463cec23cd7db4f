-- created table (partitioned_table)

-- one connection per node (Citus needs it for foreign keys to reference tables)
set local citus.multi_shard_modify_mode to 'sequential';

-- stage the query result
create temporary table "tsmodel_stage_abc123_fact_sales" on commit drop as (
select * from "main"."stg_sales"
);

-- create table partitioned by range (sale_date)
create table "main"."fact_sales" (like "tsmodel_stage_abc123_fact_sales") partition by range ("sale_date");

-- create month partitions
do $tsmodel$
#variable_conflict use_column
declare
  lo timestamp; hi timestamp; d timestamp;
begin
  select date_trunc('month', min("sale_date")::timestamp), date_trunc('month', max("sale_date")::timestamp) into lo, hi from "tsmodel_stage_abc123_fact_sales";
  if lo is not null then
    d := lo;
    while d <= hi loop
      execute format('create table %I.%I partition of %I.%I for values from (%L) to (%L)',
        'main', 'fact_sales_p' || to_char(d, 'YYYYMM'), 'main', 'fact_sales',
        d, d + interval '1 month');
      d := d + interval '1 month';
    end loop;
  end if;
  execute format('create table %I.%I partition of %I.%I default', 'main', 'fact_sales_pdefault', 'main', 'fact_sales');
end
$tsmodel$;

-- distribute by customer_id
select create_distributed_table('"main"."fact_sales"', 'customer_id');

-- load partitions
insert into "main"."fact_sales" select * from "tsmodel_stage_abc123_fact_sales";

-- foreign_key constraint fact_sales_date_sk_fkey
alter table "main"."fact_sales" add constraint "fact_sales_date_sk_fkey" foreign key ("date_sk") references "main"."dim_date" ("date_sk");

-- index on (date_sk)
create index "fact_sales_date_sk_idx" on "main"."fact_sales" ("date_sk");

