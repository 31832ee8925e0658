-- expect: unsafe
-- rules: lock-timeout-missing
-- why: ALTER TABLE requests AccessExclusiveLock with lock_timeout 0: it can queue behind a long transaction.
-- fixture: users
-- migration:
alter table users add column nickname text;
