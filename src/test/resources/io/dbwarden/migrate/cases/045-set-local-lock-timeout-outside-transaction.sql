-- expect: unsafe
-- rules: lock-timeout-missing
-- why: SET LOCAL outside a transaction block is ignored with a WARNING: lock_timeout stays 0.
-- fixture: users
-- migration:
set local lock_timeout = '2s';
alter table users add column nickname text;
