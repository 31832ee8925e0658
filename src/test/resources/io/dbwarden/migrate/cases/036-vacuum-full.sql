-- expect: unsafe
-- rules: vacuum-full-or-cluster
-- why: VACUUM FULL rewrites the table under AccessExclusiveLock.
-- fixture: users
-- migration:
set lock_timeout = '2s';
vacuum full users;
