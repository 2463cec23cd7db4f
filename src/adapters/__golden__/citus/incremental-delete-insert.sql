-- inserted into (table)

-- stage new rows
create temporary table "tsmodel_incr_abc123_orders" on commit drop as (
select item_id, customer_id, amount from "main"."stg_sales"
where item_id > (select max(item_id) from "main"."orders")
);

-- delete rows matching on item_id
delete from "main"."orders" using "tsmodel_incr_abc123_orders" where "main"."orders"."item_id" = "tsmodel_incr_abc123_orders"."item_id";

-- insert new rows
insert into "main"."orders" ("customer_id", "item_id", "amount")
select "customer_id", "item_id", "amount" from "tsmodel_incr_abc123_orders";

