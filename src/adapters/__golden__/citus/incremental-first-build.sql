-- created table (table)

-- create the table's columns, no rows
create table "main"."orders" as (
select item_id, customer_id, amount from "main"."stg_sales"
) with no data;

-- distribute by customer_id, 8 shards
select create_distributed_table('"main"."orders"', 'customer_id', shard_count => 8);

-- insert rows
insert into "main"."orders"
select * from (
select item_id, customer_id, amount from "main"."stg_sales"
) as tsmodel_subquery;

