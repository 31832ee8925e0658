-- expect: safe
-- rules: none
-- absent: lock-timeout-missing
-- why: set_config('lock_timeout', …, false) sets it for the session.
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
select set_config('lock_timeout', '2s', false);
alter table users add column nickname text;
