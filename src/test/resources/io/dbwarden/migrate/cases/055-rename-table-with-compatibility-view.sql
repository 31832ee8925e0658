-- expect: safe
-- rules: none
-- absent: rename-table
-- why: A view with the old name, created in the same transaction, keeps old clients working.
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
alter table users rename to accounts;
create view users as select * from accounts;
commit;
