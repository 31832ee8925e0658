-- expect: safe
-- rules: none
-- absent: volatile-default-rewrite
-- why: now() is STABLE: evaluated once, no rewrite.
-- fixture: users
-- migration:
set lock_timeout = '2s';
alter table users add column imported_at timestamptz default now();
