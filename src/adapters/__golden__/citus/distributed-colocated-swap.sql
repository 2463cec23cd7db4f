-- created table (table)

-- create the table's columns, no rows
create table "main"."agg_customers__tsmodel_new_abc123" as (
select customer_id, sum(amount) as revenue from "main"."fact_sales" group by customer_id
) with no data;

-- distribute by customer_id, colocated with fact_sales
select create_distributed_table('"main"."agg_customers__tsmodel_new_abc123"', 'customer_id', colocate_with => '"main"."fact_sales"');

-- insert rows
insert into "main"."agg_customers__tsmodel_new_abc123"
select * from (
select customer_id, sum(amount) as revenue from "main"."fact_sales" group by customer_id
) as tsmodel_subquery;

-- rename the previous agg_customers away
alter table "main"."agg_customers" rename to "agg_customers__tsmodel_old_abc123";

-- rename the new agg_customers into place
alter table "main"."agg_customers__tsmodel_new_abc123" rename to "agg_customers";

-- drop the previous agg_customers
drop table "main"."agg_customers__tsmodel_old_abc123" cascade;

-- index on (customer_id)
create unique index "agg_customers_customer_id_uidx" on "main"."agg_customers" ("customer_id");

