-- expect: safe
-- rules: none
-- why: Backfill in batches outside the DDL transaction, after a catalog-only ADD COLUMN.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column nickname text;
update users set nickname = name where id between 1 and 1000;
update users set nickname = name where id between 1001 and 2000;
