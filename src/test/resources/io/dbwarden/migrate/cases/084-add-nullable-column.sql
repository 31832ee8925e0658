-- expect: safe
-- rules: none
-- why: Adding a nullable column without a default is a catalog-only change.
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
alter table users add column nickname text;
