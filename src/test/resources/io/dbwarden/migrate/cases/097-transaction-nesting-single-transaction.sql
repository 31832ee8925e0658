-- expect: unsafe
-- rules: transaction-nesting
-- mode: single_transaction
-- why: Under a runner that wraps the file, the file's own COMMIT ends the runner's transaction early.
-- fixture: users
-- migration:
begin;
set local lock_timeout = '2s';
alter table users add column nickname text;
commit;
alter table users add column bio text;
