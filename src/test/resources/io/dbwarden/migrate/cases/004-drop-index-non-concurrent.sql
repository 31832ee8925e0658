-- expect: unsafe
-- rules: index-dropped-non-concurrently
-- why: DROP INDEX takes AccessExclusiveLock on the table.
-- fixture: users
-- setup:
create index users_email_idx on users (email);
-- migration:
set lock_timeout = '2s';
drop index users_email_idx;
