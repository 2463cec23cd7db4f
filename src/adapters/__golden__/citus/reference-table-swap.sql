-- created table (table)

-- create the table's columns, no rows
create table "main"."dim_date__tsmodel_new_abc123" as (
select 20240105 as date_sk, 2024 as year
) with no data;

-- make it a reference table (a copy on every node)
select create_reference_table('"main"."dim_date__tsmodel_new_abc123"');

-- insert rows
insert into "main"."dim_date__tsmodel_new_abc123"
select * from (
select 20240105 as date_sk, 2024 as year
) as tsmodel_subquery;

-- rename the previous dim_date away
alter table "main"."dim_date" rename to "dim_date__tsmodel_old_abc123";

-- rename the new dim_date into place
alter table "main"."dim_date__tsmodel_new_abc123" rename to "dim_date";

-- drop the previous dim_date
drop table "main"."dim_date__tsmodel_old_abc123" cascade;

-- primary_key constraint dim_date_date_sk_pkey
alter table "main"."dim_date" add constraint "dim_date_date_sk_pkey" primary key ("date_sk");

-- index on (year)
create index "dim_date_year_idx" on "main"."dim_date" ("year");

-- recreate foreign key fact_sales_date_sk_fkey of main.fact_sales (FOREIGN KEY (date_sk) REFERENCES main.dim_date(date_sk))
alter table "main"."fact_sales" add constraint "fact_sales_date_sk_fkey" FOREIGN KEY (date_sk) REFERENCES main.dim_date(date_sk);

