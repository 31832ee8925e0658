-- expect: unsafe
-- rules: set-not-null-full-scan
-- why: SET NOT NULL scans the whole table under AccessExclusiveLock when no validated CHECK proves it.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users alter column email set not null;
