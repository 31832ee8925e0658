-- expect: unsafe
-- rules: volatile-default-rewrite
-- why: A user PL/pgSQL function declared VOLATILE (the default) forces a rewrite.
-- fixture: users
-- setup:
create function next_code() returns text language plpgsql as $$
begin
  return md5(random()::text);
end $$;
-- migration:
set lock_timeout = '2s';
alter table users add column code text default next_code();
