-- merged into (table)

-- stage new rows
create temporary table "tsmodel_incr_abc123_orders" on commit drop as (
select order_id, line, amount, note from "main"."stg_orders"
where order_id > (select max(order_id) from "main"."orders")
);

-- add column note
alter table "main"."orders" add column "note" text;

-- merge on order_id, line
merge into "main"."orders" as t
using "tsmodel_incr_abc123_orders" as s
on t."order_id" = s."order_id" and t."line" = s."line"
when matched then update set "amount" = s."amount", "note" = s."note"
when not matched then insert ("order_id", "line", "amount", "note") values (s."order_id", s."line", s."amount", s."note");

