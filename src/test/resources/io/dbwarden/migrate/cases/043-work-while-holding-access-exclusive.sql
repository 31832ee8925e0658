-- expect: unsafe
-- rules: work-while-holding-access-exclusive
-- why: A backfill in the transaction that just took AccessExclusiveLock keeps the table blocked for all of it.
-- fixture: users
-- migration:
begin;
set local lock_timeout = '2s';
alter table users add column nickname text;
update users set nickname = name where id <= 5000;
commit;
