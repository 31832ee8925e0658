-- expect: safe
-- rules: none
-- absent: index-created-non-concurrently
-- why: CREATE INDEX CONCURRENTLY in autocommit lets traffic continue.
-- fixture: users
-- migration:
create index concurrently users_email_idx on users (email);
