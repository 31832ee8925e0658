-- expect: safe
-- rules: none
-- absent: set-not-null-full-scan
-- why: A validated CHECK (email IS NOT NULL) from an earlier migration lets SET NOT NULL skip the scan (PG12+).
-- fixture: users
-- setup:
alter table users add constraint users_email_not_null check (email is not null) not valid;
alter table users validate constraint users_email_not_null;
-- migration:
set lock_timeout = '2s';
alter table users alter column email set not null;
alter table users drop constraint users_email_not_null;
