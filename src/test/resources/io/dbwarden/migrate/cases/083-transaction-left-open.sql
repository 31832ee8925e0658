-- expect: fails
-- rules: transaction-left-open
-- why: BEGIN without COMMIT: psql exits 0 and the changes are rolled back at disconnect.
-- fixture: users
-- migration:
begin;
set local lock_timeout = '2s';
alter table users add column nickname text;
