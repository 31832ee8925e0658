-- expect: unsafe
-- rules: vacuum-full-or-cluster
-- why: CLUSTER rewrites the table under AccessExclusiveLock.
-- fixture: users
-- setup:
create index users_created_idx on users (created_at);
-- migration:
set lock_timeout = '2s';
cluster users using users_created_idx;
