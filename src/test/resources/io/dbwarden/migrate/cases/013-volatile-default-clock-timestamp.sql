-- expect: unsafe
-- rules: volatile-default-rewrite
-- why: clock_timestamp() is VOLATILE (unlike now()), so ADD COLUMN rewrites the table.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column seen_at timestamptz default clock_timestamp();
