-- expect: unsafe
-- rules: drop-schema
-- why: DROP SCHEMA … CASCADE drops everything in it.
-- setup:
create schema archive;
create table archive.old_orders (id bigint primary key, note text);
insert into archive.old_orders select g, 'n' from generate_series(1, 100) g;
analyze archive.old_orders;
-- migration:
set lock_timeout = '2s';
drop schema archive cascade;
