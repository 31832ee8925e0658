-- expect: safe
-- rules: none
-- absent: set-not-null-full-scan, validate-in-same-transaction
-- why: The four-step CHECK pattern, each step in its own autocommit transaction.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add constraint users_email_not_null check (email is not null) not valid;
alter table users validate constraint users_email_not_null;
alter table users alter column email set not null;
alter table users drop constraint users_email_not_null;
