-- expect: safe
-- rules: none
-- absent: lock-timeout-missing
-- why: SET LOCAL inside BEGIN … COMMIT applies to the DDL after it.
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
begin;
set local lock_timeout = '2s';
alter table users add column nickname text;
alter table users add column bio text;
commit;
