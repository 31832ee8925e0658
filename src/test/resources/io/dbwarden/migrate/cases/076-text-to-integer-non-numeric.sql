-- expect: fails
-- rules: type-cast-failure-existing-data
-- why: The USING cast fails on a non-numeric value.
-- setup:
create table products (id integer primary key, sku text not null);
insert into products select g, g::text from generate_series(1, 2000) g;
analyze products;
-- data:
insert into products values (900001, 'ABC-1');
-- migration:
set lock_timeout = '2s';
alter table products alter column sku type integer using sku::integer;
