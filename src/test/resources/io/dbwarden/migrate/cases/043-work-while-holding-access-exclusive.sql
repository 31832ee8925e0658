-- expect: unsafe
-- rules: work-while-holding-access-exclusive
-- why: A backfill in the transaction that just took AccessExclusiveLock keeps the table blocked for all of it.
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
update users set nickname = name where id <= 5000;
commit;
