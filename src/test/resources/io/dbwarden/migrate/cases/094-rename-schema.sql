-- expect: unsafe
-- rules: rename-schema
-- why: Renaming a schema breaks every query that names it.
-- setup:
create schema billing;
create table billing.invoices (id bigint primary key);
analyze billing.invoices;
-- migration:
alter schema billing rename to finance;
