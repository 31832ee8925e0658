-- expect: safe
-- rules: none
-- why: DROP INDEX CONCURRENTLY outside a transaction only takes ShareUpdateExclusiveLock.
-- fixture: users
-- setup:
create index users_email_idx on users (email);
-- migration:
drop index concurrently if exists users_email_idx;
