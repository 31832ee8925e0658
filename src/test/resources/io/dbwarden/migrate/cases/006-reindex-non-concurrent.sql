-- expect: unsafe
-- rules: reindex-non-concurrently
-- why: REINDEX without CONCURRENTLY blocks writes and queries planning with the index.
-- fixture: users
-- setup:
create index users_email_idx on users (email);
-- migration:
set lock_timeout = '2s';
reindex index users_email_idx;
