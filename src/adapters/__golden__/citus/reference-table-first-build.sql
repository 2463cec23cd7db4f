-- created table (table)

-- create the table's columns, no rows
create table "main"."dim_date" as (
select 20240105 as date_sk, 2024 as year
) with no data;

-- make it a reference table (a copy on every node)
select create_reference_table('"main"."dim_date"');

-- insert rows
insert into "main"."dim_date"
select * from (
select 20240105 as date_sk, 2024 as year
) as tsmodel_subquery;

-- primary_key constraint dim_date_date_sk_pkey
alter table "main"."dim_date" add constraint "dim_date_date_sk_pkey" primary key ("date_sk");

-- index on (year)
create index "dim_date_year_idx" on "main"."dim_date" ("year");

