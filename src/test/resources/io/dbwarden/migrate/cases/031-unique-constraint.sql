-- expect: unsafe
-- rules: unique-constraint-blocking-index-build
-- why: ADD CONSTRAINT … UNIQUE builds its index under AccessExclusiveLock.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add constraint users_email_key unique (email);
