-- expect: unsafe
-- rules: index-created-non-concurrently
-- why: A plain CREATE INDEX holds ShareLock on a populated table: writes wait for the whole build.
-- fixture: users
-- migration:
set lock_timeout = '2s';
create index users_email_idx on users (email);
