-- created table (table)

-- pre-hook 1
set local work_mem = '64MB';

-- create table as
create table "main"."customers" as (
select customer_id, name
from "main_staging"."stg_customers"
);

-- primary_key constraint customers_customer_id_pkey
alter table "main"."customers" add constraint "customers_customer_id_pkey" primary key ("customer_id");

-- not_null constraint on name
alter table "main"."customers" alter column "name" set not null;

-- index on (name)
create index "customers_name_hash_idx" on "main"."customers" using hash ("name");

-- index for cluster_by (customer_id)
create index "customers_customer_id_idx" on "main"."customers" ("customer_id");

-- cluster on (customer_id)
cluster "main"."customers" using "customers_customer_id_idx";

-- comment on relation
comment on table "main"."customers" is 'One row per customer';

-- comment on column customer_id
comment on column "main"."customers"."customer_id" is 'The key';

-- grant select to reporter
grant select on "main"."customers" to "reporter";

-- post-hook 1
analyze "main"."customers";

