-- expect: safe
-- rules: none
-- absent: column-type-change-rewrite
-- why: varchar → text is binary coercible and keeps the indexes.
-- fixture: users
-- setup:
create index users_email_idx on users (email);
-- migration:
set lock_timeout = '2s';
alter table users alter column email type text;
