-- expect: unsafe
-- rules: lock-timeout-missing
-- why: lock_timeout = 0 means wait forever.
-- fixture: users
-- migration:
set lock_timeout = 0;
alter table users add column nickname text;
