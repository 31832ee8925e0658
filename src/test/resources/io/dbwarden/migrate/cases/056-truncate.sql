-- expect: unsafe
-- rules: truncate-table
-- why: TRUNCATE deletes every row.
-- setup:
create table import_staging (id bigint, payload text);
insert into import_staging select g, 'x' from generate_series(1, 2000) g;
analyze import_staging;
-- migration:
set lock_timeout = '2s';
truncate import_staging;
