-- created table (table)

-- create table as
create table "main"."customers__tsmodel_new_abc123" as (
select customer_id, name
from "main_staging"."stg_customers"
);

-- rename the previous customers away
alter table "main"."customers" rename to "customers__tsmodel_old_abc123";

-- rename the new customers into place
alter table "main"."customers__tsmodel_new_abc123" rename to "customers";

-- drop the previous customers
drop table "main"."customers__tsmodel_old_abc123" cascade;

-- primary_key constraint customers_customer_id_pkey
alter table "main"."customers" add constraint "customers_customer_id_pkey" primary key ("customer_id");

-- recreate dependent view main.v_customers
create view "main"."v_customers" as
SELECT customers.customer_id
   FROM main.customers;

-- recreate dependent materialized view reporting.report
create materialized view "reporting"."report" as
SELECT count(*) AS n
   FROM main.v_customers;

-- comment on reporting.report
comment on materialized view "reporting"."report" is 'Customers'' count';

-- grant SELECT on reporting.report
grant SELECT on "reporting"."report" to "reporter";

-- recreate foreign key orders_customer_id_fkey of main.orders (FOREIGN KEY (customer_id) REFERENCES main.customers(customer_id))
alter table "main"."orders" add constraint "orders_customer_id_fkey" FOREIGN KEY (customer_id) REFERENCES main.customers(customer_id);

