-- expect: safe
-- rules: none
-- absent: unique-constraint-blocking-index-build
-- why: Build the unique index concurrently, then attach it as a constraint: instant.
-- fixture: users
-- migration:
set lock_timeout = '2s';
create unique index concurrently users_email_key on users (email);
alter table users add constraint users_email_key unique using index users_email_key;
