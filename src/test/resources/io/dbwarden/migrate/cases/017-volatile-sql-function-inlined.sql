-- expect: safe
-- rules: none
-- why: A VOLATILE SQL function whose body is a constant is inlined, so no rewrite happens (only tracing proves it).
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
create function five() returns integer language sql volatile as $$ select 5 $$;
-- migration:
set lock_timeout = '2s';
alter table users add column score integer default five();
