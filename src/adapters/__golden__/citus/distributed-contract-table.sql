-- created table (table)

-- create table with its contract
create table "main"."contracted" (
  "customer_id" text not null,
  "item_id" integer,
  "amount" numeric
);

-- distribute by customer_id
select create_distributed_table('"main"."contracted"', 'customer_id');

-- insert rows
insert into "main"."contracted" ("customer_id", "item_id", "amount")
select "customer_id", "item_id", "amount" from (
select customer_id, item_id, amount from "main"."stg_sales"
) as tsmodel_subquery;

-- primary_key constraint contracted_customer_id_item_id_pkey
alter table "main"."contracted" add constraint "contracted_customer_id_item_id_pkey" primary key ("customer_id", "item_id");

-- not_null constraint on customer_id
alter table "main"."contracted" alter column "customer_id" set not null;

