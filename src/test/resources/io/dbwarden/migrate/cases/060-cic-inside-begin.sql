-- expect: fails
-- rules: concurrent-index-in-transaction
-- why: CREATE INDEX CONCURRENTLY cannot run inside BEGIN … COMMIT.
-- fixture: users
-- migration:
begin;
create index concurrently users_email_idx on users (email);
commit;
