-- expect: unsafe
-- rules: column-type-change-rewrite
-- why: integer → bigint is not binary coercible: table and indexes are rewritten.
-- setup:
create table counters (id integer primary key, hits integer not null);
insert into counters select g, g * 3 from generate_series(1, 5000) g;
analyze counters;
-- migration:
set lock_timeout = '2s';
alter table counters alter column hits type bigint;
