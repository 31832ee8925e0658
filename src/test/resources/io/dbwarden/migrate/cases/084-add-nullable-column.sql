-- expect: safe
-- rules: none
-- why: Adding a nullable column without a default is a catalog-only change.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column nickname text;
