-- expect: unsafe
-- rules: auto-increment-column-rewrite
-- why: Adding an identity column fills every existing row: a rewrite.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column rank integer generated always as identity;
