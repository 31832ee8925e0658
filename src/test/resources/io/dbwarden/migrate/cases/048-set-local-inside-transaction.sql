-- expect: safe
-- rules: none
-- absent: lock-timeout-missing
-- why: SET LOCAL inside BEGIN … COMMIT applies to the DDL after it.
-- fixture: users
-- migration:
begin;
set local lock_timeout = '2s';
alter table users add column nickname text;
alter table users add column bio text;
commit;
