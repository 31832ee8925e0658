-- expect: safe
-- rules: none
-- absent: rename-table
-- why: A view with the old name, created in the same transaction, keeps old clients working.
-- fixture: users
-- migration:
begin;
set local lock_timeout = '2s';
alter table users rename to accounts;
create view users as select * from accounts;
commit;
