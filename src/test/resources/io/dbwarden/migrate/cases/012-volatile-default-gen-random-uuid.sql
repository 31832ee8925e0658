-- expect: unsafe
-- rules: volatile-default-rewrite
-- why: gen_random_uuid() is VOLATILE: every existing row gets its own value, so the table is rewritten.
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
-- migration:
set lock_timeout = '2s';
alter table users add column public_id uuid not null default gen_random_uuid();
