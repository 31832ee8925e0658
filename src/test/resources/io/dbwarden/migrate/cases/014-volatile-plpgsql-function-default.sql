-- expect: unsafe
-- rules: volatile-default-rewrite
-- why: A user PL/pgSQL function declared VOLATILE (the default) forces a rewrite.
-- setup:
create table users (
  id bigint primary key,
  email varchar(100),
  name text not null,
  created_at timestamp not null default now()
);
insert into users (id, email, name)
select g, 'user' || g || '@example.com', 'User ' || g from generate_series(1, 5000) g;
analyze users;
create function next_code() returns text language plpgsql as $$
begin
  return md5(random()::text);
end $$;
-- migration:
set lock_timeout = '2s';
alter table users add column code text default next_code();
