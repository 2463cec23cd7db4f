-- created table (partitioned_table)

-- stage the query result
create temporary table "tsmodel_stage_abc123_orders__tsmodel_new_abc123" on commit drop as (
select order_id, order_date from "main"."stg_orders"
);

-- create table partitioned by range (order_date)
create table "main"."orders__tsmodel_new_abc123" (like "tsmodel_stage_abc123_orders__tsmodel_new_abc123") partition by range ("order_date");

-- create month partitions
do $tsmodel$
#variable_conflict use_column
declare
  lo timestamp; hi timestamp; d timestamp;
begin
  select date_trunc('month', min("order_date")::timestamp), date_trunc('month', max("order_date")::timestamp) into lo, hi from "tsmodel_stage_abc123_orders__tsmodel_new_abc123";
  if lo is not null then
    d := lo;
    while d <= hi loop
      execute format('create table %I.%I partition of %I.%I for values from (%L) to (%L)',
        'main', 'orders__tsmodel_new_abc123_p' || to_char(d, 'YYYYMM'), 'main', 'orders__tsmodel_new_abc123',
        d, d + interval '1 month');
      d := d + interval '1 month';
    end loop;
  end if;
  execute format('create table %I.%I partition of %I.%I default', 'main', 'orders__tsmodel_new_abc123_pdefault', 'main', 'orders__tsmodel_new_abc123');
end
$tsmodel$;

-- load partitions
insert into "main"."orders__tsmodel_new_abc123" select * from "tsmodel_stage_abc123_orders__tsmodel_new_abc123";

-- rename the previous orders away
alter table "main"."orders" rename to "orders__tsmodel_old_abc123";

-- rename the new orders into place
alter table "main"."orders__tsmodel_new_abc123" rename to "orders";

-- drop the previous orders
drop table "main"."orders__tsmodel_old_abc123" cascade;

-- rename partitions
do $tsmodel$
declare r record;
begin
  for r in select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
           where i.inhparent = '"main"."orders"'::regclass and starts_with(c.relname, 'orders__tsmodel_new_abc123_p') loop
    execute format('alter table %I.%I rename to %I', 'main', r.relname, 'orders_p' || substr(r.relname, 29));
  end loop;
end
$tsmodel$;

-- index on (order_id)
create index "orders_order_id_idx" on "main"."orders" ("order_id");

