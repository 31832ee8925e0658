-- expect: safe
-- rules: none
-- why: Backfill in batches outside the DDL transaction, after a catalog-only ADD COLUMN.
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
update users set nickname = name where id between 1 and 1000;
update users set nickname = name where id between 1001 and 2000;
