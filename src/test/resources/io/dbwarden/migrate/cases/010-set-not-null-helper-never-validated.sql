-- expect: unsafe
-- rules: set-not-null-full-scan
-- why: A NOT VALID CHECK that was never validated does not let SET NOT NULL skip its scan.
-- fixture: users
-- setup:
alter table users add constraint users_email_not_null check (email is not null) not valid;
-- migration:
set lock_timeout = '2s';
alter table users alter column email set not null;
