-- expect: fails
-- rules: invalid-index-left-behind
-- why: A failed CIC left an INVALID index; IF NOT EXISTS now skips silently and no usable index exists.
-- fixture: users
-- setup:
create index users_email_idx on users (email);
update pg_index set indisvalid = false where indexrelid = 'users_email_idx'::regclass;
-- migration:
create index concurrently if not exists users_email_idx on users (email);
