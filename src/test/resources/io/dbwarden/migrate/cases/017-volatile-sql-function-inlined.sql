-- expect: safe
-- rules: none
-- why: A VOLATILE SQL function whose body is a constant is inlined, so no rewrite happens (only tracing proves it).
-- fixture: users
-- setup:
create function five() returns integer language sql volatile as $$ select 5 $$;
-- migration:
set lock_timeout = '2s';
alter table users add column score integer default five();
